/**
 * Mobility Control for VS Code: activate() wires the pure model (host store,
 * refresh scheduler, client pool) to the Hosts tree, the commands and the
 * settings; everything it decides lives in src/model and is tested there.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { statusDocumentPath } from './commands/agent/show-status';
import { ClientPool } from './model/client-pool';
import { hostQuery } from './model/host-refresher';
import { HostStore } from './model/host-store';
import { RefreshScheduler } from './model/refresh-scheduler';
import type { Services } from './services';
import { HostsTreeProvider } from './tree/hosts-tree';
import { Documents, DOCUMENT_SCHEME } from './ui/documents';
import { SECTION, settings } from './ui/settings';
import { TailManager } from './ui/tails';

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Mobility', { log: true });
  const store = new HostStore();
  const pool = new ClientPool();
  const scheduler: RefreshScheduler = new RefreshScheduler({
    keys: () => store.names(),
    query: hostQuery(store, pool, settings, (name) => void scheduler.refresh([name], true)),
    maxConcurrent: () => settings.maxConcurrentQueries(),
    intervalMs: () => settings.refreshIntervalMs(),
  });
  const tree = new HostsTreeProvider(store);
  const tails = new TailManager(store, () => settings.tailLines());
  const documents = new Documents();
  const s: Services = { context, store, pool, scheduler, tree, tails, documents, log };
  services = s;

  const view = vscode.window.createTreeView('mobility.hosts', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    view,
    tree,
    tails,
    documents,
    { dispose: () => scheduler.dispose() },
    { dispose: () => pool.closeAll() },
    vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, documents),
    view.onDidChangeVisibility((e) => scheduler.setVisible(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.hosts`)) loadHosts(s);
      if (e.affectsConfiguration(`${SECTION}.refreshIntervalSeconds`)) scheduler.reschedule();
    }),
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

  loadHosts(s);
  scheduler.setVisible(view.visible);
}

let lastProblems = '';

/** (Re)reads mobility.hosts: new or re-addressed hosts are asked at once, removed ones forgotten. */
function loadHosts(s: Services): void {
  const { hosts, problems } = settings.hosts();
  const text = problems.join('\n');
  if (text && text !== lastProblems) {
    for (const problem of problems) s.log.warn(problem);
    void vscode.window.showWarningMessage(`Mobility: ${problems.length === 1 ? problems[0] : `${problems.length} entries of mobility.hosts were skipped; see the Mobility output for why.`}`);
  }
  lastProblems = text;
  const toQuery = s.store.setHosts(hosts);
  s.pool.retain(hosts.map((h) => h.address));
  s.tails.retain(hosts.map((h) => h.name));
  if (toQuery.length) void s.scheduler.refresh(toQuery);
}

export function deactivate(): void {
  services?.scheduler.dispose();
  services?.tails.dispose();
  services?.pool.closeAll();
  services = undefined;
}
