/**
 * The VS Code extension with a big fleet: how long until the Hosts tree's
 * model holds the true state of 500 hosts (one mobilityd behind 500
 * addresses), using the extension's own store, client pool, query and
 * scheduler with its default concurrency and deadline; and the size of the
 * extension's bundle. Target: ≤ 3 s for 500 hosts, bundle ≤ 1.5 MB. Then
 * the same from an Ansible inventory of 2,000 hosts in folders, with the
 * memory it takes (extension-inventory.ts). Target: ≤ 3 s.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startManyAddressDaemon } from '../test/helpers/many-address-daemon';
import { runExtensionInventory } from './extension-inventory';
import type { BenchContext, BenchOutcome } from './lib/context';
import { REPO_ROOT } from './lib/processes';
import { atMost, figure } from './lib/report';
import { median } from './lib/stats';
import { MAX_CONCURRENT, TIMEOUT_MS, treeModel } from './lib/tree-model';

const HOSTS = 500;
const ROUNDS = 3;

/** One cold population: a fresh store and fresh connections, as when VS Code starts. */
async function populate(addresses: string[]): Promise<{ ms: number; known: number }> {
  const model = treeModel();
  const hosts = addresses.map((address, i) => ({ name: `host-${i}`, address }));
  const t0 = performance.now();
  await model.show(hosts);
  await model.scheduler.refreshAll(true);
  const ms = performance.now() - t0;
  const known = model.known();
  model.close();
  return { ms, known };
}

async function runSettingsHosts(ctx: BenchContext): Promise<BenchOutcome> {
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

/** The 500 hosts of mobility.hosts, then 2,000 from an inventory (each with its own daemons). */
export async function runExtensionTree(ctx: BenchContext): Promise<BenchOutcome> {
  const settings = await runSettingsHosts(ctx);
  const inventory = await runExtensionInventory(ctx);
  return { rows: [...settings.rows, ...inventory.rows], details: { ...settings.details, inventory: inventory.details } };
}
