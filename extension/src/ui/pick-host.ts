/** The host a command works on: the row it was run on, or (from the palette) one the engineer picks. */
import * as vscode from 'vscode';
import type { HostEntry } from '../model/host-settings';
import { stateWords } from '../model/host-state';
import { hostDescription } from '../model/tree-model';
import type { Services } from '../services';
import { nodeHostName } from '../tree/tree-nodes';

interface HostPick extends vscode.QuickPickItem {
  host: HostEntry;
}

function hostItems(s: Services, filter?: (host: HostEntry) => boolean): HostPick[] {
  return s.store
    .hosts()
    .filter((host) => !filter || filter(host))
    .map((host) => {
      const snapshot = s.store.snapshot(host.name);
      return { label: host.name, description: host.address, detail: `${stateWords(snapshot)} · ${hostDescription(snapshot)}`, host };
    });
}

export async function resolveHost(s: Services, arg: unknown, action: string): Promise<HostEntry | undefined> {
  const name = nodeHostName(arg);
  if (name !== undefined) {
    const host = s.store.host(name);
    if (!host) void vscode.window.showErrorMessage(`There is no host named "${name}" in mobility.hosts any more.`);
    return host;
  }
  const items = hostItems(s);
  if (items.length === 0) {
    const add = 'Add Host…';
    const choice = await vscode.window.showInformationMessage('There are no hosts yet: add one first.', add);
    if (choice === add) await vscode.commands.executeCommand('mobility.addHost');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${action} — which host?`,
    placeHolder: 'Pick a host',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.host;
}

export async function pickHosts(s: Services, action: string): Promise<HostEntry[] | undefined> {
  const items = hostItems(s);
  if (items.length === 0) {
    void vscode.window.showInformationMessage('There are no hosts yet: add one first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${action} — which hosts?`,
    placeHolder: 'Pick the hosts (Space to select, Enter to accept)',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked && picked.length ? picked.map((p) => p.host) : undefined;
}
