/**
 * Mobility Control for VS Code: activate() wires the pure model (host store,
 * refresh scheduler, client pool, connections, trust store) to the Hosts
 * tree, the commands, the settings, SecretStorage and the global state;
 * everything it decides lives in src/model and is tested there.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { statusDocumentPath } from './commands/agent/show-status';
import { loadConnectionSecurity } from '../../client/connection/security-files';
import { ClientPool } from './model/client-pool';
import { ConnectionResolver } from './model/host-connection';
import { hostQuery } from './model/host-refresher';
import { hostSecretKey } from './model/host-settings';
import { HostStore } from './model/host-store';
import { InventoryKeeper } from './model/inventory-keeper';
import { RefreshScheduler } from './model/refresh-scheduler';
import { TrustStore } from './model/trust-store';
import type { Services } from './services';
import { HostsTreeProvider } from './tree/hosts-tree';
import { CertificatePrompter } from './ui/certificate-prompter';
import { Documents, DOCUMENT_SCHEME } from './ui/documents';
import { loadInventory } from '../../client/inventory/load-inventory';
import { InventoryWatcher } from './ui/inventory-watcher';
import { loadHosts } from './ui/load-hosts';
import { SECTION, settings } from './ui/settings';
import { TailManager } from './ui/tails';

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Mobility', { log: true });
  const store = new HostStore();
  const inventory = new InventoryKeeper((file) => loadInventory(file));
  const pool = new ClientPool();
  const trust = new TrustStore(context.globalState);
  const resolver = new ConnectionResolver({
    token: (name) => Promise.resolve(context.secrets.get(hostSecretKey(name, 'token'))),
    trusted: (address) => trust.trusted(address),
    load: loadConnectionSecurity,
  });
  const scheduler: RefreshScheduler = new RefreshScheduler({
    keys: () => store.names(),
    query: hostQuery(store, pool, settings, (name) => void scheduler.refresh([name], true)),
    maxConcurrent: () => settings.maxConcurrentQueries(),
    intervalMs: () => settings.refreshIntervalMs(),
  });
  const tree = new HostsTreeProvider(store);
  const tails = new TailManager(store, pool, () => settings.tailLines());
  const documents = new Documents();
  const certificates = new CertificatePrompter({ store, pool, trust, log });
  const s: Services = { context, store, inventory, pool, resolver, trust, certificates, reload: () => loadHosts(s), scheduler, tree, tails, documents, log };
  services = s;
  // The inventory file and its host_vars/, group_vars/ are followed as they are edited.
  const inventoryWatcher = new InventoryWatcher(() => {
    inventory.changed();
    void loadHosts(s);
  });
  const followInventory = () => {
    inventoryWatcher.watch(settings.inventory().file);
    void loadHosts(s);
  };

  const view = vscode.window.createTreeView('mobility.hosts', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    view,
    tree,
    tails,
    documents,
    certificates,
    inventoryWatcher,
    { dispose: () => scheduler.dispose() },
    { dispose: () => pool.closeAll() },
    vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, documents),
    view.onDidChangeVisibility((e) => scheduler.setVisible(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.inventory`)) followInventory();
      else if (e.affectsConfiguration(`${SECTION}.hosts`)) void loadHosts(s);
      if (e.affectsConfiguration(`${SECTION}.refreshIntervalSeconds`)) scheduler.reschedule();
    }),
    // A token set or cleared (here or in another window), a certificate trusted or forgotten: dial afresh.
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith('mobility.host/')) void loadHosts(s);
    }),
    { dispose: trust.onDidChange(() => void loadHosts(s)) },
    // ${workspaceFolder} in mobility.inventory may now mean another folder.
    vscode.workspace.onDidChangeWorkspaceFolders(() => followInventory()),
  );
  // Open Show Status documents follow their host.
  const unsubscribe = store.onDidChange((names) => {
    for (const name of names ?? store.names()) documents.refresh(statusDocumentPath(name));
  });
  context.subscriptions.push({ dispose: unsubscribe });

  for (const command of COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
        try {
          return await command.run(s, ...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          log.error(`${command.id} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
          void vscode.window.showErrorMessage(`Mobility: ${message}`);
          return undefined;
        }
      }),
    );
  }

  followInventory();
  scheduler.setVisible(view.visible);
}

export function deactivate(): void {
  services?.scheduler.dispose();
  services?.tails.dispose();
  services?.pool.closeAll();
  services = undefined;
}
