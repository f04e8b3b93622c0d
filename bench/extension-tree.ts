/**
 * The VS Code extension with a big fleet: how long until the Hosts tree's
 * model holds the true state of 500 hosts (one mobilityd behind 500
 * addresses), using the extension's own store, client pool, query and
 * scheduler with its default concurrency and deadline; and the size of the
 * extension's bundle. Target: ≤ 3 s for 500 hosts, bundle ≤ 1.5 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClientPool } from '../extension/src/model/client-pool';
import { resolveConnection, type SecuritySources } from '../extension/src/model/host-connection';
import { hostQuery } from '../extension/src/model/host-refresher';
import { hostState } from '../extension/src/model/host-state';
import { HostStore } from '../extension/src/model/host-store';
import { RefreshScheduler } from '../extension/src/model/refresh-scheduler';
import { startManyAddressDaemon } from '../test/helpers/many-address-daemon';
import type { BenchContext, BenchOutcome } from './lib/context';
import { REPO_ROOT } from './lib/processes';
import { atMost, figure } from './lib/report';
import { median } from './lib/stats';

const HOSTS = 500;
const ROUNDS = 3;
/** The extension's defaults (mobility.maxConcurrentQueries, mobility.requestTimeoutMs). */
const MAX_CONCURRENT = 16;
const TIMEOUT_MS = 3000;

/** No token, nothing trusted, no files: the fleet's daemons are plain gRPC on loopback. */
const PLAIN_SOURCES: SecuritySources = {
  token: async () => undefined,
  trusted: () => undefined,
  load: async () => ({}),
};

/** One cold population: a fresh store and fresh connections, as when VS Code starts. */
async function populate(addresses: string[]): Promise<{ ms: number; known: number }> {
  const store = new HostStore();
  const pool = new ClientPool();
  const scheduler: RefreshScheduler = new RefreshScheduler({
    keys: () => store.names(),
    query: hostQuery(store, pool, { timeoutMs: () => TIMEOUT_MS }, (name) => void scheduler.refresh([name], true)),
    maxConcurrent: () => MAX_CONCURRENT,
    intervalMs: () => 0,
  });
  const hosts = addresses.map((address, i) => ({ name: `host-${i}`, address }));
  const t0 = performance.now();
  // As the extension starts: each host's connection (plain here: no tls, no token) resolved, then the hosts shown.
  pool.setConnections(await Promise.all(hosts.map((host) => resolveConnection(host, PLAIN_SOURCES))));
  store.setHosts(hosts);
  await scheduler.refreshAll(true);
  const ms = performance.now() - t0;
  const known = store.names().filter((name) => hostState(store.snapshot(name)) === 'notInstalled').length;
  scheduler.dispose();
  pool.closeAll();
  return { ms, known };
}

export async function runExtensionTree(ctx: BenchContext): Promise<BenchOutcome> {
  const daemon = await startManyAddressDaemon(HOSTS);
  try {
    const runs: { ms: number; known: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const run = await populate(daemon.addresses);
      runs.push(run);
      ctx.log(`  500 hosts populated in ${run.ms.toFixed(0)} ms (${run.known} with their true state)`);
    }
    const bundle = path.join(REPO_ROOT, 'extension', 'dist', 'extension.js');
    const vsix = path.join(REPO_ROOT, 'dist', 'mobility-control.vsix');
    const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : NaN);
    const rows = [
      figure('tree', `${HOSTS} hosts populated (median of ${ROUNDS})`, median(runs.map((r) => r.ms)), 'ms', atMost(3000), `${MAX_CONCURRENT} at once, ${TIMEOUT_MS} ms deadline`),
      figure('tree', `${HOSTS} hosts populated (worst)`, Math.max(...runs.map((r) => r.ms)), 'ms'),
      figure('tree', 'hosts shown with their true state', (100 * Math.min(...runs.map((r) => r.known))) / HOSTS, '%', { op: '>=', value: 100 }),
      figure('tree', 'extension bundle (extension/dist/extension.js)', size(bundle) / 1e6, 'MB', atMost(1.5), fs.existsSync(bundle) ? undefined : 'run npm run build first'),
      figure('tree', 'packaged extension (dist/mobility-control.vsix)', size(vsix) / 1e6, 'MB', undefined, fs.existsSync(vsix) ? undefined : 'run npm run package:extension'),
    ];
    return { rows, details: { runs, hosts: HOSTS, maxConcurrent: MAX_CONCURRENT, timeoutMs: TIMEOUT_MS } };
  } finally {
    await daemon.stop();
  }
}
