/** Composes one mobilityd: domain core + gRPC and REST adapters, with an orderly shutdown. */
import * as fs from 'node:fs';
import { hostPath, repositoryDir, type DaemonConfig } from '../core/config/daemon-config';
import { JobManager } from '../core/jobs/job-manager';
import { PackageRepository } from '../core/packages/package-repository';
import { LogCatalog } from '../core/logs/log-catalog';
import { LogTailer } from '../core/logs/log-tailer';
import { TailRegistry } from '../core/logs/tail-registry';
import type { StatusContext } from '../core/status/host-status';
import { MOBILITYD_VERSION } from '../../contract/version';
import { startGrpcServer } from '../grpc/grpc-server';
import { startRestServer, type RunningRestServer } from '../rest/rest-server';
import type { ConnectionLimits } from '../rest/connection-limits';
import { exposureRefusal } from '../core/access/exposure';
import { createAccessServices, type AccessServices } from '../core/access/access-services';
import type { AuthBackoffOptions } from '../core/access/auth-backoff';
import { resolveGroup } from '../sockets/socket-group';
import { ServerTls } from '../tls/server-tls';
import { tlsFilesOf } from '../tls/tls-files';

export interface Daemon {
  config: DaemonConfig;
  /** Bound gRPC addresses, host:port or unix:///path as given. */
  addresses: string[];
  /** Bound REST addresses, host:port or unix:///path as given (empty when the REST API is off). */
  restAddresses: string[];
  catalog: LogCatalog;
  tailer: LogTailer;
  registry: TailRegistry;
  packages: PackageRepository;
  jobs: JobManager;
  /** The audit log, the auth back-off and the stream limits the servers enforce with. */
  access: AccessServices;
  /** TLS of the TCP listeners (undefined without --tls-cert): the served certificate, reloaded when its files change. */
  tls?: ServerTls;
  close(): Promise<void>;
}

/** What a daemon is started with beyond its configuration (tests). */
export interface DaemonStartOptions {
  /** The REST API's slow-client limits; the defaults when undefined (rest/connection-limits.ts). */
  restLimits?: Partial<ConnectionLimits>;
  /** The failed-authentication back-off's thresholds; its defaults when undefined (core/access/auth-backoff.ts). */
  authBackoff?: AuthBackoffOptions;
}

export async function startDaemon(config: DaemonConfig, options: DaemonStartOptions = {}): Promise<Daemon> {
  const refusal = exposureRefusal(config);
  if (refusal) throw new Error(refusal);
  // Resolved at start, not when the options are read: groups are the host's state, like its folders.
  const socketGid = config.socketGroup ? resolveGroup(config.socketGroup) : undefined;
  const tlsFiles = tlsFilesOf(config);
  // Before anything is created: a certificate that cannot be served stops mobilityd with the file and the fix.
  const tls = tlsFiles ? ServerTls.load(tlsFiles) : undefined;
  // mobilityd owns its state folder and (Linux) its log folder.
  fs.mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  if (config.platform === 'linux') fs.mkdirSync(hostPath(config, config.logDir), { recursive: true });
  // Before anything else is opened: a token file that cannot be read stops mobilityd here, with the file and the fix.
  const access = createAccessServices(config, options.authBackoff); // tokens, audit log, auth back-off, stream limits: deps.access

  const catalog = LogCatalog.forConfig(config);
  const registry = new TailRegistry({ rotatedGraceMs: config.rotatedLogGraceMs });
  const tailer = new LogTailer(catalog, registry);
  let addresses: string[] = [];
  const status: StatusContext = {
    config,
    catalog,
    daemon: { version: MOBILITYD_VERSION, startTime: new Date(), pid: process.pid, listenAddresses: () => addresses },
  };
  fs.mkdirSync(repositoryDir(config), { recursive: true });
  const packages = new PackageRepository(repositoryDir(config), {
    maxPackageBytes: config.maxPackageBytes,
    quotaBytes: config.repositoryQuotaBytes,
    trustedPackagesFile: config.trustedPackagesFile,
  });
  await packages.startupCleanup; // a crashed upload's temp file is gone before anyone is told we listen
  const jobs = await JobManager.open({ config, catalog, packages, status });
  const deps = { status, tailer, packages, jobs, access };
  const grpc = await startGrpcServer(config.listen, deps, { socketGid, tls }).catch((err) => {
    tls?.close();
    throw err;
  });
  addresses = grpc.addresses;
  let rest: RunningRestServer | undefined;
  if (config.restListen.length > 0) {
    try {
      rest = await startRestServer(config.restListen, deps, { allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins, socketGid, tls, limits: options.restLimits });
    } catch (err) {
      await grpc.close();
      tls?.close();
      await access.audit.close();
      access.tokens?.close();
      throw err;
    }
  }

  let closing: Promise<void> | undefined;
  return {
    config,
    addresses,
    restAddresses: rest?.addresses ?? [],
    catalog,
    tailer,
    registry,
    packages,
    jobs,
    access,
    tls,
    close: () =>
      (closing ??= (async () => {
        const stopped = Promise.all([grpc.close(), rest?.close()]);
        // Alongside the servers, not after: stopping the jobs ends their WatchJob
        // streams, which the servers' graceful shutdown would otherwise wait for.
        const jobsStopped = jobs.close();
        tailer.closeAll();
        await stopped;
        await jobsStopped;
        registry.closeAll();
        tls?.close();
        await access.audit.close(); // last: the servers' final calls are audited
        access.tokens?.close();
      })()),
  };
}
