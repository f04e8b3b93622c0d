/**
 * Mobility: Set Host Token… — the bearer token a host's mobilityd expects
 * (from `mobilityd token create`), typed into a password box and kept in VS
 * Code's secret storage under the host's name, never in settings, never
 * echoed or logged. The host is dialled afresh with it.
 */
import * as vscode from 'vscode';
import { hostSecretKey } from '../../model/host-settings';
import { tokenProblem } from '../../model/validators';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';

export const setHostTokenCommand: MobilityCommand = {
  id: 'mobility.setHostToken',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Set Host Token');
    if (!host) return;
    const replacing = (await s.context.secrets.get(hostSecretKey(host.name, 'token'))) !== undefined;
    const typed = await vscode.window.showInputBox({
      title: `Set Host Token: ${host.name}`,
      prompt: `The token for mobilityd on ${host.name}, as "mobilityd token create" printed it${replacing ? ' (replaces the token set now)' : ''}. Kept in VS Code's secret storage, never in settings.`,
      placeHolder: 'mobility_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: tokenProblem,
    });
    if (typed === undefined) return;
    await s.context.secrets.store(hostSecretKey(host.name, 'token'), typed.trim());
    s.log.info(`${host.name}: token ${replacing ? 'replaced' : 'set'} (kept in secret storage)`);
    await s.reload();
    void vscode.window.showInformationMessage(`${host.name}: token saved in VS Code's secret storage.`);
    await s.scheduler.refresh([host.name], true);
  },
};
