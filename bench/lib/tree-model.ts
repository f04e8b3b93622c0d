/**
 * The extension's Hosts tree model as VS Code starts it, for the tree benches
 * (extension-tree.ts, extension-inventory.ts): its own store, client pool,
 * query and scheduler at the extension's defaults, every host plain gRPC on
 * loopback (no token, nothing trusted, no files).
 */
import { ClientPool } from '../../extension/src/model/client-pool';
import { resolveConnection, type SecuritySources } from '../../extension/src/model/host-connection';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { hostQuery } from '../../extension/src/model/host-refresher';
import { hostState } from '../../extension/src/model/host-state';
import { HostStore } from '../../extension/src/model/host-store';
import { RefreshScheduler } from '../../extension/src/model/refresh-scheduler';

/** The extension's defaults (mobility.maxConcurrentQueries, mobility.requestTimeoutMs). */
export const MAX_CONCURRENT = 16;
export const TIMEOUT_MS = 3000;

const PLAIN_SOURCES: SecuritySources = { token: async () => undefined, trusted: () => undefined, load: async () => ({}) };

export interface TreeModel {
  store: HostStore;
  scheduler: RefreshScheduler;
  /** As the extension shows hosts: each host's connection resolved, then the hosts in the store. */
  show(hosts: HostEntry[]): Promise<void>;
  /** Hosts whose true state is known (the fleet's daemons have no agent: "not installed"). */
  known(): number;
  close(): void;
}

export function treeModel(): TreeModel {
  const store = new HostStore();
  const pool = new ClientPool();
  const scheduler: RefreshScheduler = new RefreshScheduler({
    keys: () => store.names(),
    query: hostQuery(store, pool, { timeoutMs: () => TIMEOUT_MS }, (name) => void scheduler.refresh([name], true)),
    maxConcurrent: () => MAX_CONCURRENT,
    intervalMs: () => 0,
  });
  return {
    store,
    scheduler,
    async show(hosts) {
      pool.setConnections(await Promise.all(hosts.map((host) => resolveConnection(host, PLAIN_SOURCES))));
      store.setHosts(hosts);
    },
    known: () => store.names().filter((name) => hostState(store.snapshot(name)) === 'notInstalled').length,
    close() {
      scheduler.dispose();
      pool.closeAll();
    },
  };
}
