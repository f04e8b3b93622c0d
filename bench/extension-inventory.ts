/**
 * The VS Code extension with an Ansible inventory of 2,000 hosts (four
 * mobilityd, 500 addresses each, as a fleet's many hosts): how long from
 * reading the inventory file until every host's row is in its folders (the
 * tree populated; target ≤ 3 s), and until the Hosts tree's model holds every
 * host's true state, with the extension's own
 * loader (ansible-inventory when on PATH, as the extension runs it), store,
 * client pool, query and scheduler at their defaults; and the memory of the
 * process doing it (the extension host's share).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadInventory } from '../client/inventory/load-inventory';
import { folderRow, hostFolders } from '../extension/src/model/host-folders';
import { HostStore } from '../extension/src/model/host-store';
import { mergeInventoryHosts } from '../extension/src/model/inventory-hosts';
import { hostRow } from '../extension/src/model/tree-model';
import { startManyAddressDaemon } from '../test/helpers/many-address-daemon';
import type { BenchContext } from './lib/context';
import { atMost, figure, type ResultRow } from './lib/report';
import { median } from './lib/stats';
import { MAX_CONCURRENT, TIMEOUT_MS, treeModel } from './lib/tree-model';

const HOSTS = 2000;
const DAEMONS = 4;
const RACKS = 8;
const ROUNDS = 3;


/** An INI inventory: every host in a rack group and a role group (so under two folders), as children of "prod". */
function writeInventory(file: string, addresses: string[]): void {
  const racks = Array.from({ length: RACKS }, (_, r) => [`[rack${r}]`, ...addresses.flatMap((a, i) => (i % RACKS === r ? [hostLine(i, a)] : []))]);
  const roles = ['web', 'db'].map((role, k) => [`[${role}]`, ...addresses.flatMap((_, i) => (i % 2 === k ? [`host-${i}`] : []))]);
  const prod = ['[prod:children]', ...Array.from({ length: RACKS }, (_, r) => `rack${r}`)];
  fs.writeFileSync(file, [...racks, ...roles, prod].map((lines) => lines.join('\n')).join('\n\n') + '\n');
}

function hostLine(i: number, address: string): string {
  const port = address.slice(address.lastIndexOf(':') + 1);
  return `host-${i} ansible_host=127.0.0.1 mobilityd_port=${port}`;
}

/** What the tree provider makes when every folder is open: a row per folder and per host in it; the host rows. */
function makeRows(store: HostStore): number {
  let rows = 0;
  for (const folder of hostFolders(store.hosts()) ?? []) {
    folderRow(folder);
    for (const name of folder.hosts) rows += hostRow(store.host(name)!, store.snapshot(name)) ? 1 : 0;
  }
  return rows;
}

interface Run {
  /** Until every host's row is in its folders (state: checking). */
  shownMs: number;
  /** Until every host's true state is known. */
  ms: number;
  loadMs: number;
  known: number;
  rows: number;
  source: string;
}

/** One cold start: the inventory read, the hosts dialled and asked, every folder's rows made. */
async function populate(file: string): Promise<Run> {
  const model = treeModel();
  const t0 = performance.now();
  const inventory = await loadInventory(file);
  const loadMs = performance.now() - t0;
  const { hosts } = mergeInventoryHosts(inventory, []);
  await model.show(hosts);
  // The tree as first shown: every folder and host row, the hosts still being checked.
  makeRows(model.store);
  const shownMs = performance.now() - t0;
  await model.scheduler.refreshAll(true);
  const rows = makeRows(model.store);
  const ms = performance.now() - t0;
  const known = model.known();
  model.close();
  return { shownMs, ms, loadMs, known, rows, source: inventory.source };
}

export async function runExtensionInventory(ctx: BenchContext): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  const daemons = await Promise.all(Array.from({ length: DAEMONS }, () => startManyAddressDaemon(HOSTS / DAEMONS)));
  try {
    const file = path.join(ctx.sandbox.dir, 'inventory-2000.ini');
    writeInventory(file, daemons.flatMap((d) => d.addresses));
    const before = process.memoryUsage();
    const runs: Run[] = [];
    let peakRss = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const run = await populate(file);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      runs.push(run);
      ctx.log(
        `  ${HOSTS} inventory hosts shown in their folders in ${run.shownMs.toFixed(0)} ms (inventory read by ${run.source} in ${run.loadMs.toFixed(0)} ms), ` +
          `every state known in ${run.ms.toFixed(0)} ms (${run.known} with their true state; ${run.rows} host rows in folders)`,
      );
    }
    const after = process.memoryUsage();
    // The read alone with the built-in parser (what the extension does without ansible-inventory on PATH).
    const builtin = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await loadInventory(file, { useAnsible: false });
      builtin.push(performance.now() - t0);
    }
    const note = `${DAEMONS} mobilityd × ${HOSTS / DAEMONS} addresses, ${RACKS + 3} folders, inventory read by ${runs[0].source}`;
    const rows = [
      figure('tree', `${HOSTS} inventory hosts shown in their folders (median of ${ROUNDS})`, median(runs.map((r) => r.shownMs)), 'ms', atMost(3000), note),
      figure('tree', `${HOSTS} inventory hosts shown (worst)`, Math.max(...runs.map((r) => r.shownMs)), 'ms'),
      figure('tree', `  every host's true state known (median)`, median(runs.map((r) => r.ms)), 'ms', undefined, `${MAX_CONCURRENT} queries at once (mobility.maxConcurrentQueries), ${TIMEOUT_MS} ms timeout`),
      figure('tree', `  of which the inventory read (median)`, median(runs.map((r) => r.loadMs)), 'ms'),
      figure('tree', `  the same read by the built-in parser (median)`, median(builtin), 'ms'),
      figure('tree', 'inventory hosts shown with their true state', (100 * Math.min(...runs.map((r) => r.known))) / HOSTS, '%', { op: '>=', value: 100 }),
      figure('tree', `extension host RSS with ${HOSTS} inventory hosts (peak)`, peakRss / 1e6, 'MB', undefined, `heap ${(after.heapUsed / 1e6).toFixed(0)} MB after, ${(before.rss / 1e6).toFixed(0)} MB RSS before`),
    ];
    return { rows, details: { runs, builtinReadMs: builtin, hosts: HOSTS, daemons: DAEMONS, peakRssBytes: peakRss, before, after } };
  } finally {
    await Promise.all(daemons.map((d) => d.stop()));
  }
}
