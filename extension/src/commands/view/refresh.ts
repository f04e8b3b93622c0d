/**
 * Mobility: Refresh — reads the hosts' TLS files again (and, for every host,
 * the inventory: a dynamic one may answer otherwise), then asks one host (from
 * its row) or every host again now.
 */
import * as vscode from 'vscode';
import type { MobilityCommand } from '../../services';
import { nodeHostName } from '../../tree/tree-nodes';

export const refreshCommand: MobilityCommand = {
  id: 'mobility.refresh',
  async run(s, arg) {
    const name = nodeHostName(arg);
    if (name === undefined) s.inventory.changed();
    const done = s.reload().then(() => (name !== undefined ? s.scheduler.refresh([name], true) : s.scheduler.refreshAll(true)));
    await vscode.window.withProgress({ location: { viewId: 'mobility.hosts' } }, () => done);
  },
};
