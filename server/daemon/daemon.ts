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
import { exposureRefusal } from '../core/access/exposure';
import { resolveGroup } from '../sockets/socket-group';

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
  close(): Promise<void>;
}

export async function startDaemon(config: DaemonConfig): Promise<Daemon> {
  const refusal = exposureRefusal(config);
  if (refusal) throw new Error(refusal);
  // Resolved at start, not when the options are read: groups are the host's state, like its folders.
  const socketGid = config.socketGroup ? resolveGroup(config.socketGroup) : undefined;
  // mobilityd owns its state folder and (Linux) its log folder.
  fs.mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  if (config.platform === 'linux') fs.mkdirSync(hostPath(config, config.logDir), { recursive: true });

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
  const deps = { status, tailer, packages, jobs };
  const grpc = await startGrpcServer(config.listen, deps, { socketGid });
  addresses = grpc.addresses;
  let rest: RunningRestServer | undefined;
  if (config.restListen.length > 0) {
    try {
      rest = await startRestServer(config.restListen, deps, { allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins, socketGid });
    } catch (err) {
      await grpc.close();
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
      })()),
  };
}
