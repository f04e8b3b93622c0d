/** What every command needs, built once in activate(). */
import type * as vscode from 'vscode';
import type { ClientPool } from './model/client-pool';
import type { ConnectionResolver } from './model/host-connection';
import type { HostStore } from './model/host-store';
import type { InventoryKeeper } from './model/inventory-keeper';
import type { RefreshScheduler } from './model/refresh-scheduler';
import type { TrustStore } from './model/trust-store';
import type { HostsTreeProvider } from './tree/hosts-tree';
import type { CertificatePrompter } from './ui/certificate-prompter';
import type { Documents } from './ui/documents';
import type { TailManager } from './ui/tails';

export interface Services {
  context: vscode.ExtensionContext;
  store: HostStore;
  /** The inventory of mobility.inventory, its last good reading kept (model/inventory-keeper.ts). */
  inventory: InventoryKeeper;
  pool: ClientPool;
  /** Each host's connection (TLS files, token, trusted certificate), for the pool. */
  resolver: ConnectionResolver;
  /** Certificates trusted on first use, by address. */
  trust: TrustStore;
  certificates: CertificatePrompter;
  /** Reads the hosts and their connections again (ui/load-hosts.ts). */
  reload(): Promise<void>;
  scheduler: RefreshScheduler;
  tree: HostsTreeProvider;
  tails: TailManager;
  documents: Documents;
  /** The extension's own log ("Mobility"): settings problems, errors, what commands did. */
  log: vscode.LogOutputChannel;
}

/** One command: its id (as in package.json) and what it does with the row it was run on, if any. */
export interface MobilityCommand {
  id: string;
  run(services: Services, ...args: unknown[]): Promise<unknown> | unknown;
}
