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
}

export type HostPlatform = 'linux' | 'windows';

export interface DaemonConfig {
  /** gRPC listen addresses, host:port (port 0 picks a free one). */
  listen: string[];
  /** REST (HTTP/JSON) listen addresses, host:port; empty disables the REST API. */
  restListen: string[];
  /** Folder under which host paths are resolved: "/" on a real host. */
  root: string;
  /** mobilityd's own state: jobs, packages, temporary files. */
  stateDir: string;
  /** The package repository folder; empty means <stateDir>/repository. */
  repositoryDir: string;
  /** Host path of the folder where mobilityd writes installer/configurator output (Linux). */
  logDir: string;
  /** Where process information comes from (Linux). */
  procRoot: string;
  /** Which OS family's paths and probes to use. */
  platform: HostPlatform;
  /** Extra logs beyond installer and configurator, or overrides of them. */
  extraLogs: LogCatalogEntry[];
  /** The biggest package UploadPackage accepts, in bytes (config key maxPackageBytes). */
  maxPackageBytes: number;
}

export const DEFAULT_PORT = 50051;
export const DEFAULT_LISTEN = `127.0.0.1:${DEFAULT_PORT}`;
export const DEFAULT_REST_PORT = 50052;
export const DEFAULT_REST_LISTEN = `127.0.0.1:${DEFAULT_REST_PORT}`;
/** Installers are a few hundred megabytes; 4 GiB leaves room without letting one upload fill a disk. */
export const DEFAULT_MAX_PACKAGE_BYTES = 4 * 1024 ** 3;

export function defaultConfig(): DaemonConfig {
  return {
    listen: [DEFAULT_LISTEN],
    restListen: [DEFAULT_REST_LISTEN],
    root: '/',
    stateDir: '/var/lib/mobilityd',
    repositoryDir: '',
    logDir: '/var/log/mobilityd',
    procRoot: '/proc',
    platform: process.platform === 'win32' ? 'windows' : 'linux',
    extraLogs: [],
    maxPackageBytes: DEFAULT_MAX_PACKAGE_BYTES,
  };
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
