/**
 * mobilityd's command line and config file. Precedence: defaults < config file
 * < flags. Relative paths in the config file are relative to the file; on the
 * command line, to the current folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig, type DaemonConfig, type LogCatalogEntry } from '../core/config/daemon-config';
import { isUnixAddress, unixSocketPath } from '../sockets/unix-address';
import { AUDIT_LOG, CAPTURE_LOGS, type CaptureLog } from '../core/logs/log-catalog';

export const USAGE = `Usage: mobilityd [options]
       mobilityd tls init --out DIR --host NAME [--ip ADDR]...
       mobilityd token create|list|revoke --tokens FILE ...   (mobilityd token --help)
       mobilityd dial-stdio [--socket unix:///PATH]   (for ssh:// clients; mobilityd dial-stdio --help)

Serves the AgentControl gRPC API (status, logs, install, register) for this host,
and its REST/JSON mirror (GET /v1/status, GET /v1/logs/NAME, GET /healthz, ...).

Options:
  --listen ADDR      gRPC address host:port or unix:///PATH (repeatable; default
                     127.0.0.1:50051), e.g. unix:///run/mobilityd/mobilityd.sock
  --rest-listen ADDR REST address host:port or unix:///PATH (repeatable; default
                     127.0.0.1:50052; "--rest-listen off" disables the REST API)
  --socket-group NAME
                     group of the unix:// socket files, which are mode 0660
                     (default: mobilityd's own group)
  --root DIR         folder host paths are resolved under (default /; a sandbox for tests)
  --state-dir DIR    mobilityd's own state (default /var/lib/mobilityd; Windows %ProgramData%\\mobilityd\\state)
  --repository DIR   the installer package repository (default STATE-DIR/repository)
  --log-dir PATH     host path of mobilityd's own log folder, where it keeps its captures of installer
                     and configurator output (default /var/log/mobilityd; Windows %ProgramData%\\mobilityd\\logs)
  --passphrase-dir DIR
                     host folder Register may read a passphrase file from (repeatable;
                     default /etc/mobilityd/passphrases)
  --trusted-packages FILE
                     sha256 sums as sha256sum prints them; only listed packages are
                     accepted and installed (read again when it changes)
  --allowed-host NAME
                     a name REST requests may carry in Host besides the listen addresses
                     (repeatable), e.g. web-01.example.com
  --allowed-origin ORIGIN
                     a browser origin the REST API serves, with CORS (repeatable),
                     e.g. https://ops.example.com
  --tls-cert FILE    PEM certificate the TCP listeners (gRPC and REST) serve TLS with;
                     re-read when the file changes (mobilityd tls init makes one)
  --tls-key FILE     PEM private key of --tls-cert
  --tls-client-ca FILE
                     PEM CA certificates: clients must present a certificate signed by
                     one of them (mTLS); the principal is the certificate's CN
  --auth-tokens FILE bearer tokens with roles (mobilityd token create); re-read when it changes
  --allow-insecure   start on a non-loopback address without TLS and credentials (a warning
                     is printed and GetStatus reports the daemon as insecure)
  --config FILE      JSON config file with any of: listen, restListen, socketGroup, root, stateDir,
                     repository, logDir, procRoot, extraLogs, maxPackageBytes, repositoryQuotaBytes,
                     trustedPackages, passphraseDirs, allowedHosts, allowedOrigins, rotatedLogGraceMs,
                     tlsCert, tlsKey, tlsClientCa, authTokens, allowInsecure, auditLogMaxBytes,
                     maxStreamsPerPrincipal (restListen: an address, a list, "off" or [];
                     maxPackageBytes: the biggest package upload accepted, default 4294967296;
                     repositoryQuotaBytes: the most the repository holds, default 17179869184;
                     rotatedLogGraceMs: how long a rotated log is still read after its last
                     write, default 300000; auditLogMaxBytes: audit.log's size before it is
                     rotated, default 10485760; maxStreamsPerPrincipal: open streams per
                     caller, default 64)
  --version          print the version
  -h, --help         print this help
`;

export class UsageError extends Error {}

interface ConfigFile {
  listen?: string | string[];
  restListen?: string | string[];
  socketGroup?: string;
  root?: string;
  stateDir?: string;
  repository?: string;
  logDir?: string;
  procRoot?: string;
  extraLogs?: LogCatalogEntry[];
  maxPackageBytes?: number;
  repositoryQuotaBytes?: number;
  trustedPackages?: string;
  passphraseDirs?: string[];
  allowedHosts?: string[];
  allowedOrigins?: string[];
  rotatedLogGraceMs?: number;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  authTokens?: string;
  allowInsecure?: boolean;
  auditLogMaxBytes?: number;
  maxStreamsPerPrincipal?: number;
}

export type ParsedCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; config: DaemonConfig };

export function parseDaemonArgs(argv: string[], cwd = process.cwd()): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        listen: { type: 'string', multiple: true },
        'rest-listen': { type: 'string', multiple: true },
        'socket-group': { type: 'string' },
        root: { type: 'string' },
        'state-dir': { type: 'string' },
        repository: { type: 'string' },
        'log-dir': { type: 'string' },
        'passphrase-dir': { type: 'string', multiple: true },
        'trusted-packages': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'allowed-origin': { type: 'string', multiple: true },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-client-ca': { type: 'string' },
        'auth-tokens': { type: 'string' },
        'allow-insecure': { type: 'boolean' },
        config: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const config = defaultConfig();
  if (v.config) applyConfigFile(config, path.resolve(cwd, v.config));
  if (v.listen) config.listen = v.listen;
  if (v['rest-listen']) config.restListen = restAddresses(v['rest-listen'], '--rest-listen');
  if (v['socket-group'] !== undefined) config.socketGroup = v['socket-group'];
  if (v.root) config.root = path.resolve(cwd, v.root);
  if (v['state-dir']) config.stateDir = path.resolve(cwd, v['state-dir']);
  if (v.repository) config.repositoryDir = path.resolve(cwd, v.repository);
  if (v['log-dir']) config.logDir = v['log-dir'];
  if (v['passphrase-dir']) config.passphraseDirs = v['passphrase-dir'];
  if (v['trusted-packages']) config.trustedPackagesFile = path.resolve(cwd, v['trusted-packages']);
  if (v['allowed-host']) config.allowedHosts = v['allowed-host'];
  if (v['allowed-origin']) config.allowedOrigins = v['allowed-origin'];
  if (v['tls-cert']) config.tlsCert = path.resolve(cwd, v['tls-cert']);
  if (v['tls-key']) config.tlsKey = path.resolve(cwd, v['tls-key']);
  if (v['tls-client-ca']) config.tlsClientCa = path.resolve(cwd, v['tls-client-ca']);
  if (v['auth-tokens']) config.authTokensFile = path.resolve(cwd, v['auth-tokens']);
  if (v['allow-insecure']) config.allowInsecure = true;
  validate(config);
  return { kind: 'run', config };
}

function applyConfigFile(config: DaemonConfig, file: string): void {
  let data: ConfigFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as ConfigFile;
  } catch (err) {
    throw new UsageError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  const dir = path.dirname(file);
  if (data.listen !== undefined) config.listen = Array.isArray(data.listen) ? data.listen : [data.listen];
  if (data.restListen !== undefined) {
    config.restListen = restAddresses(Array.isArray(data.restListen) ? data.restListen : [data.restListen], `restListen in ${file}`);
  }
  if (data.socketGroup !== undefined) {
    if (typeof data.socketGroup !== 'string') throw new UsageError(`socketGroup in ${file} must be a group name, e.g. "mobility"`);
    config.socketGroup = data.socketGroup;
  }
  if (data.root) config.root = path.resolve(dir, data.root);
  if (data.stateDir) config.stateDir = path.resolve(dir, data.stateDir);
  if (data.repository) config.repositoryDir = path.resolve(dir, data.repository);
  if (data.logDir) config.logDir = data.logDir;
  if (data.procRoot) config.procRoot = data.procRoot;
  if (data.extraLogs) config.extraLogs = data.extraLogs;
  if (data.maxPackageBytes !== undefined) config.maxPackageBytes = data.maxPackageBytes;
  if (data.repositoryQuotaBytes !== undefined) config.repositoryQuotaBytes = data.repositoryQuotaBytes;
  if (data.trustedPackages) config.trustedPackagesFile = path.resolve(dir, data.trustedPackages);
  if (data.passphraseDirs !== undefined) config.passphraseDirs = stringList(data.passphraseDirs, `passphraseDirs in ${file}`);
  if (data.allowedHosts !== undefined) config.allowedHosts = stringList(data.allowedHosts, `allowedHosts in ${file}`);
  if (data.allowedOrigins !== undefined) config.allowedOrigins = stringList(data.allowedOrigins, `allowedOrigins in ${file}`);
  if (data.rotatedLogGraceMs !== undefined) config.rotatedLogGraceMs = data.rotatedLogGraceMs;
  applySecurityKeys(config, data, file);
}

/** The config file's TLS, token and limit keys; files relative to the config file. */
function applySecurityKeys(config: DaemonConfig, data: ConfigFile, file: string): void {
  const dir = path.dirname(file);
  const fileKey = (key: 'tlsCert' | 'tlsKey' | 'tlsClientCa' | 'authTokens'): string | undefined => {
    const value = data[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw new UsageError(`${key} in ${file} must be a file path, e.g. "tls/mobilityd.crt"`);
    return path.resolve(dir, value);
  };
  config.tlsCert = fileKey('tlsCert') ?? config.tlsCert;
  config.tlsKey = fileKey('tlsKey') ?? config.tlsKey;
  config.tlsClientCa = fileKey('tlsClientCa') ?? config.tlsClientCa;
  config.authTokensFile = fileKey('authTokens') ?? config.authTokensFile;
  if (data.allowInsecure !== undefined) {
    if (typeof data.allowInsecure !== 'boolean') throw new UsageError(`allowInsecure in ${file} must be true or false`);
    config.allowInsecure = data.allowInsecure;
  }
  if (data.auditLogMaxBytes !== undefined) config.auditLogMaxBytes = data.auditLogMaxBytes;
  if (data.maxStreamsPerPrincipal !== undefined) config.maxStreamsPerPrincipal = data.maxStreamsPerPrincipal;
}

function stringList(value: unknown, source: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UsageError(`${source} must be a list of strings, e.g. ["a", "b"]`);
  }
  return value;
}

function validate(config: DaemonConfig): void {
  if (config.listen.length === 0) throw new UsageError('at least one --listen address is needed, e.g. 127.0.0.1:50051');
  for (const address of config.listen) {
    if (isUnixAddress(address)) checkUnixAddress(address, 'listen address', 'mobilityd.sock');
    else if (!isHostPort(address)) {
      throw new UsageError(`listen address "${address}" is not host:port or unix:///PATH, e.g. 127.0.0.1:50051, [::1]:50051 or unix:///run/mobilityd/mobilityd.sock`);
    }
  }
  for (const address of config.restListen) {
    if (isUnixAddress(address)) checkUnixAddress(address, 'REST listen address', 'mobilityd-rest.sock');
    else if (!isHostPort(address)) {
      throw new UsageError(`REST listen address "${address}" is not host:port or unix:///PATH, e.g. 127.0.0.1:50052, [::1]:50052 or unix:///run/mobilityd/mobilityd-rest.sock (or "off")`);
    }
  }
  const unixAddresses = [...config.listen, ...config.restListen].filter(isUnixAddress);
  if (new Set(unixAddresses).size !== unixAddresses.length) {
    throw new UsageError('the same unix:// socket is given twice; give each listener (gRPC and REST) its own socket file');
  }
  if (config.socketGroup !== '') {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(config.socketGroup)) {
      throw new UsageError(`socket group "${config.socketGroup}" is not a group name or gid, e.g. --socket-group mobility`);
    }
    if (unixAddresses.length === 0) {
      throw new UsageError('--socket-group (socketGroup) sets the group of unix:// sockets, and no --listen or --rest-listen address is one; add e.g. --listen unix:///run/mobilityd/mobilityd.sock or drop --socket-group');
    }
  }
  for (const log of config.extraLogs) {
    if (!log.name || !/^[a-z][a-z0-9_-]*$/.test(log.name) || !path.isAbsolute(log.path ?? '')) {
      throw new UsageError(`extraLogs entry ${JSON.stringify(log)} needs a lower-case name and an absolute path`);
    }
    if (log.name === AUDIT_LOG) throw new UsageError(`extraLogs cannot name a log "${AUDIT_LOG}": that is mobilityd's own audit log; choose another name`);
    if (CAPTURE_LOGS.includes(log.name as CaptureLog)) {
      throw new UsageError(`extraLogs cannot name a log "${log.name}": that is mobilityd's own capture of the ${log.name}'s output, in --log-dir; choose another name`);
    }
    if (log.minRole !== undefined && log.minRole !== 'operator') {
      throw new UsageError(`extraLogs entry "${log.name}" has minRole ${JSON.stringify(log.minRole)}; the only one is "operator" (viewers cannot read it), or leave it out`);
    }
  }
  if (!Number.isSafeInteger(config.maxPackageBytes) || config.maxPackageBytes <= 0) {
    throw new UsageError(`maxPackageBytes must be a whole number of bytes above 0, e.g. 4294967296 (4 GiB), not ${JSON.stringify(config.maxPackageBytes)}`);
  }
  if (!Number.isSafeInteger(config.repositoryQuotaBytes) || config.repositoryQuotaBytes <= 0) {
    throw new UsageError(`repositoryQuotaBytes must be a whole number of bytes above 0, e.g. 17179869184 (16 GiB), not ${JSON.stringify(config.repositoryQuotaBytes)}`);
  }
  for (const dir of config.passphraseDirs) {
    if (!path.posix.isAbsolute(dir)) throw new UsageError(`passphrase folder "${dir}" must be an absolute host path, e.g. /etc/mobilityd/passphrases`);
  }
  for (const origin of config.allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new UsageError(`allowed origin "${origin}" must be scheme://host[:port] with no path, e.g. https://ops.example.com`);
    }
  }
  if (!Number.isSafeInteger(config.rotatedLogGraceMs) || config.rotatedLogGraceMs < 0) {
    throw new UsageError(`rotatedLogGraceMs must be a whole number of milliseconds from 0, e.g. 300000 (5 minutes), not ${JSON.stringify(config.rotatedLogGraceMs)}`);
  }
  validateSecurity(config);
  validateWindowsFolders(config);
  const absolute = config.platform === 'windows' ? path.win32.isAbsolute : path.posix.isAbsolute;
  if (!absolute(config.logDir)) throw new UsageError(`--log-dir must be an absolute host path, not "${config.logDir}"`);
}

/** Windows: the agent's logs and mobilityd's default folders are under %ProgramData%, which must be known. */
function validateWindowsFolders(config: DaemonConfig): void {
  if (config.platform !== 'windows' || config.programData) return;
  throw new UsageError(
    "%ProgramData% is not set in mobilityd's environment: the agent's logs (ASRSetupLogs) and mobilityd's default state and log folders are under it; start mobilityd with ProgramData set (Windows sets it for services)",
  );
}

function validateSecurity(config: DaemonConfig): void {
  if ((config.tlsCert === '') !== (config.tlsKey === '')) {
    throw new UsageError('TLS needs both --tls-cert FILE and --tls-key FILE (tlsCert and tlsKey in the config file); mobilityd tls init makes a pair');
  }
  if (config.tlsClientCa !== '' && config.tlsCert === '') {
    throw new UsageError('--tls-client-ca asks clients for certificates over TLS, and TLS is off: add --tls-cert FILE and --tls-key FILE');
  }
  if (!Number.isSafeInteger(config.auditLogMaxBytes) || config.auditLogMaxBytes < 4096) {
    throw new UsageError(`auditLogMaxBytes must be a whole number of bytes from 4096, e.g. 10485760 (10 MiB), not ${JSON.stringify(config.auditLogMaxBytes)}`);
  }
  if (!Number.isSafeInteger(config.maxStreamsPerPrincipal) || config.maxStreamsPerPrincipal < 1) {
    throw new UsageError(`maxStreamsPerPrincipal must be a whole number from 1, e.g. 64, not ${JSON.stringify(config.maxStreamsPerPrincipal)}`);
  }
}

/** unix:// and an absolute path; anything else (unix:relative, unix://relative) says how to write it. */
function checkUnixAddress(address: string, what: string, exampleName: string): void {
  if (unixSocketPath(address) !== undefined) return;
  throw new UsageError(
    `${what} "${address}" is not a Unix socket address: write unix:// followed by the socket's absolute path ` +
      `(three slashes, at most 107 bytes, no trailing "/"), e.g. unix:///run/mobilityd/${exampleName}`,
  );
}

function isHostPort(address: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(address);
}

/** REST addresses as given; "off" alone disables the REST API. */
function restAddresses(values: string[], source: string): string[] {
  if (!values.includes('off')) return values;
  if (values.length > 1) throw new UsageError(`${source}: "off" disables the REST API and cannot be combined with addresses`);
  return [];
}
