/**
 * (Re)reads mobility.hosts, the inventory of mobility.inventory (its last good
 * reading kept while the file does not read well), and everything each host is dialled with (its TLS
 * files, its token, the certificate trusted for it), then hands the hosts to
 * the store and their connections to the client pool. New hosts, and hosts
 * whose connection changed, are asked at once; removed ones are forgotten.
 * Runs when the settings, a token or a trusted certificate change, and on
 * Refresh (so a renewed CA file is read again).
 */
import * as vscode from 'vscode';
import { mergeInventoryHosts } from '../model/inventory-hosts';
import type { Services } from '../services';
import { settings } from './settings';

let lastProblems = '';
let lastInventoryError = '';

export async function loadHosts(s: Services): Promise<void> {
  const parsed = settings.hosts();
  const inventorySetting = settings.inventory();
  const reading = await s.inventory.read(inventorySetting.file);
  if (!reading) return; // a newer load is under way
  const { hosts, problems } = reading.inventory ? mergeInventoryHosts(reading.inventory, parsed.hosts) : { hosts: parsed.hosts, problems: [] };
  problems.unshift(...parsed.problems);
  reportInventoryError(s, inventorySetting.problem ?? reading.error);
  const text = problems.join('\n');
  if (text && text !== lastProblems) {
    for (const problem of problems) s.log.warn(problem);
    void vscode.window.showWarningMessage(`Mobility: ${problems.length === 1 ? problems[0] : `${problems.length} hosts were left out (mobility.hosts, mobility.inventory); see the Mobility output for why.`}`);
  }
  lastProblems = text;
  const connections = await s.resolver.resolveAll(hosts);
  if (!connections) return; // a newer load is under way
  const changed = s.pool.setConnections(connections);
  for (const name of changed) {
    s.certificates.reset(name);
    const problem = s.pool.connection(name)?.problem;
    if (problem) s.log.warn(`${name}: ${problem}`);
  }
  const toQuery = s.store.setHosts(hosts);
  s.tails.retain(hosts.map((h) => h.name));
  const ask = [...new Set([...toQuery, ...changed])];
  if (ask.length) void s.scheduler.refresh(ask);
}

/** A bad inventory or setting: an error once (not at every refresh), with how to fix it; the log keeps each. */
function reportInventoryError(s: Services, error: string | undefined): void {
  if (error && error !== lastInventoryError) {
    s.log.error(error);
    void vscode.window.showErrorMessage(`Mobility: ${error}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'mobility.inventory');
    });
  }
  lastInventoryError = error ?? '';
}
