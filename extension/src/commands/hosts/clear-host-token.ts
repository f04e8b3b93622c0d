/** Mobility: Clear Host Token — forgets the token kept for a host; it is dialled afresh without one. */
import * as vscode from 'vscode';
import { hostSecretKey } from '../../model/host-settings';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';

export const clearHostTokenCommand: MobilityCommand = {
  id: 'mobility.clearHostToken',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Clear Host Token');
    if (!host) return;
    const key = hostSecretKey(host.name, 'token');
    if ((await s.context.secrets.get(key)) === undefined) {
      void vscode.window.showInformationMessage(`${host.name}: no token is set.`);
      return;
    }
    await s.context.secrets.delete(key);
    s.log.info(`${host.name}: token cleared`);
    await s.reload();
    void vscode.window.showInformationMessage(`${host.name}: token cleared; calls to it carry none now.`);
    await s.scheduler.refresh([host.name], true);
  },
};
