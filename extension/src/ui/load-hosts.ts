/**
 * (Re)reads mobility.hosts and everything each host is dialled with (its TLS
 * files, its token, the certificate trusted for it), then hands the hosts to
 * the store and their connections to the client pool. New hosts, and hosts
 * whose connection changed, are asked at once; removed ones are forgotten.
 * Runs when the settings, a token or a trusted certificate change, and on
 * Refresh (so a renewed CA file is read again).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { settings } from './settings';

let lastProblems = '';

export async function loadHosts(s: Services): Promise<void> {
  const { hosts, problems } = settings.hosts();
  const text = problems.join('\n');
  if (text && text !== lastProblems) {
    for (const problem of problems) s.log.warn(problem);
    void vscode.window.showWarningMessage(`Mobility: ${problems.length === 1 ? problems[0] : `${problems.length} entries of mobility.hosts were skipped; see the Mobility output for why.`}`);
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
