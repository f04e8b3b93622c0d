/**
 * mobilityd's configuration: defaults, a JSON config file, then command-line
 * flags, each overriding the one before. Every host path is resolved under
 * `root`, so tests and the embedded default run against a sandbox folder.
 */
import * as path from 'node:path';

export interface LogCatalogEntry {
  /** Catalog name used in requests, e.g. "installer". */
  name: string;
  /** Absolute host path (resolved under the root). */
  path: string;
  description: string;
  /**
   * 'operator': only operators may read it, viewers are refused (the audit
   * log names every caller and what they did). Absent: whoever may call TailLog.
   */
  minRole?: 'operator';
}

export type HostPlatform = 'linux' | 'windows';

export interface DaemonConfig {
  /** gRPC listen addresses, host:port (port 0 picks a free one) or unix:///absolute/path. */
  listen: string[];
  /** REST (HTTP/JSON) listen addresses, host:port or unix:///absolute/path; empty disables the REST API. */
  restListen: string[];
  /**
   * The group (name or gid) of unix:// socket files, which are mode 0660 (config
   * key socketGroup); empty: the daemon's own primary group.
   */
  socketGroup: string;
  /** Folder under which host paths are resolved: "/" on a real host. */
  root: string;
  /** mobilityd's own state: jobs, packages, temporary files. */
  stateDir: string;
  /** The package repository folder; empty means <stateDir>/repository. */
  repositoryDir: string;
  /**
   * Host path of mobilityd's own log folder (--log-dir), where it keeps its
   * captures of installer and configurator output. It never writes into the
   * agent's log files. Default /var/log/mobilityd; Windows %ProgramData%\mobilityd\logs.
   */
  logDir: string;
  /**
   * Windows: the %ProgramData% folder as mobilityd's environment gives it (the
   * agent keeps ASRSetupLogs there, and mobilityd's defaults are under it).
   * Empty on Linux, or when the environment has no such variable.
   */
  programData: string;
  /** Where process information comes from (Linux). */
  procRoot: string;
  /** Which OS family's paths and probes to use. */
  platform: HostPlatform;
  /** Extra logs beyond installer and configurator, or overrides of them. */
  extraLogs: LogCatalogEntry[];
  /** The biggest package UploadPackage accepts, in bytes (config key maxPackageBytes). */
  maxPackageBytes: number;
  /** The most bytes the whole package repository may hold (config key repositoryQuotaBytes). */
  repositoryQuotaBytes: number;
  /**
   * A file of sha256 sums (`sha256sum` format: "<hex>  <name>", one a line);
   * when set, only packages whose content is listed are accepted. Empty: any
   * well-formed package. A real path of this machine, like stateDir.
   */
  trustedPackagesFile: string;
  /**
   * Host folders (absolute, resolved under root) that a request's
   * passphrase_file may name a file in; nothing outside them is ever read.
   */
  passphraseDirs: string[];
  /**
   * Host names (with or without :port) that REST requests may carry in their
   * Host header besides the listen addresses themselves, e.g. "web-01.example.com".
   */
  allowedHosts: string[];
  /**
   * Origins (scheme://host[:port]) whose browser requests the REST API serves,
   * with CORS headers for them; any other Origin is refused.
   */
  allowedOrigins: string[];
  /**
   * How long a log file rotated away (renamed) is still read after its last
   * write, for a writer that keeps it open across the rotation (config key
   * rotatedLogGraceMs). 0 lets it go at the first check that finds it quiet.
   */
  rotatedLogGraceMs: number;
  /** PEM certificate (chain) the TCP listeners serve TLS with; empty: plain TCP. Re-read when it changes. */
  tlsCert: string;
  /** PEM private key of tlsCert. */
  tlsKey: string;
  /** PEM CA certificates a client certificate must be signed by (mTLS); empty: no client certificates. */
  tlsClientCa: string;
  /** The token file (`mobilityd token create`); empty: no bearer tokens. Re-read when it changes. */
  authTokensFile: string;
  /** Start on a non-loopback TCP address without TLS and credentials (--allow-insecure). */
  allowInsecure: boolean;
  /** audit.log is rotated (to audit.log.1) when it reaches this many bytes (config key auditLogMaxBytes). */
  auditLogMaxBytes: number;
  /** Streams (log follows, job watches, uploads) one principal may hold open at once (config key maxStreamsPerPrincipal). */
  maxStreamsPerPrincipal: number;
}

export const DEFAULT_PORT = 50051;
export const DEFAULT_LISTEN = `127.0.0.1:${DEFAULT_PORT}`;
export const DEFAULT_REST_PORT = 50052;
export const DEFAULT_REST_LISTEN = `127.0.0.1:${DEFAULT_REST_PORT}`;
/** Installers are a few hundred megabytes; 4 GiB leaves room without letting one upload fill a disk. */
export const DEFAULT_MAX_PACKAGE_BYTES = 4 * 1024 ** 3;
/** Room for a few dozen installers (every OS tag of a few versions). */
export const DEFAULT_REPOSITORY_QUOTA_BYTES = 16 * 1024 ** 3;
/**
 * mobilityd's config directory on a host is /etc/mobilityd (where the packages
 * put config.json); passphrase files an administrator places for Register
 * live in its passphrases folder.
 */
export const DEFAULT_PASSPHRASE_DIR = '/etc/mobilityd/passphrases';
/** Filebeat's close_inactive default: a writer that logs every few minutes stays followed. */
export const DEFAULT_ROTATED_LOG_GRACE_MS = 5 * 60 * 1000;

/** A few weeks of mutating calls on a busy host; one rotated file is kept beside it. */
export const DEFAULT_AUDIT_LOG_MAX_BYTES = 10 * 1024 * 1024;
/** Far above what one engineer's editor and scripts hold (a follow per log, a watch per job). */
export const DEFAULT_MAX_STREAMS_PER_PRINCIPAL = 64;

/**
 * The defaults for this machine. On Windows the state and log folders are
 * under %ProgramData% as the environment names it (never a drive letter
 * written here); `env` and `os` are injectable for tests.
 */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = process.platform): DaemonConfig {
  const windows = os === 'win32';
  const programData = windows ? programDataDir(env) : '';
  const underProgramData = (...parts: string[]) => (programData ? path.win32.join(programData, ...parts) : '');
  return {
    listen: [DEFAULT_LISTEN],
    restListen: [DEFAULT_REST_LISTEN],
    socketGroup: '',
    root: '/',
    stateDir: windows ? underProgramData('mobilityd', 'state') : '/var/lib/mobilityd',
    repositoryDir: '',
    logDir: windows ? underProgramData('mobilityd', 'logs') : '/var/log/mobilityd',
    programData,
    procRoot: '/proc',
    platform: windows ? 'windows' : 'linux',
    extraLogs: [],
    maxPackageBytes: DEFAULT_MAX_PACKAGE_BYTES,
    repositoryQuotaBytes: DEFAULT_REPOSITORY_QUOTA_BYTES,
    trustedPackagesFile: '',
    passphraseDirs: [DEFAULT_PASSPHRASE_DIR],
    allowedHosts: [],
    allowedOrigins: [],
    rotatedLogGraceMs: DEFAULT_ROTATED_LOG_GRACE_MS,
    tlsCert: '',
    tlsKey: '',
    tlsClientCa: '',
    authTokensFile: '',
    allowInsecure: false,
    auditLogMaxBytes: DEFAULT_AUDIT_LOG_MAX_BYTES,
    maxStreamsPerPrincipal: DEFAULT_MAX_STREAMS_PER_PRINCIPAL,
  };
}

/**
 * %ProgramData% (Windows names environment variables case-insensitively; an
 * injected env is a plain object), else %ALLUSERSPROFILE%, which Windows sets
 * to the same folder; empty when neither is set.
 */
export function programDataDir(env: NodeJS.ProcessEnv): string {
  const lookup = (name: string) => Object.entries(env).find(([key, value]) => key.toLowerCase() === name && value)?.[1] ?? '';
  return lookup('programdata') || lookup('allusersprofile');
}

/** Resolves an absolute host path (e.g. "/usr/local/.vx_version") under the root. */
export function hostPath(config: Pick<DaemonConfig, 'root'>, absolute: string): string {
  if (config.root === '/' || config.root === '') return absolute;
  return path.join(config.root, absolute);
}

/** Where installer packages live (a real folder of this machine, not a host path under the root). */
export function repositoryDir(config: Pick<DaemonConfig, 'stateDir' | 'repositoryDir'>): string {
  return config.repositoryDir || path.join(config.stateDir, 'repository');
}
