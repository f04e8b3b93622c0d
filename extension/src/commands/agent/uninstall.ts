/**
 * Mobility: Uninstall Mobility Service… — on a host row (or a picked host):
 * a modal confirmation naming the host (model/agent-removal.ts), then
 * Uninstall, followed to its end like an install.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { UNINSTALL_TITLE, uninstallConfirmation } from '../../model/agent-removal';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { runJobWithProgress } from '../../ui/run-job';

export const uninstallCommand: MobilityCommand = {
  id: 'mobility.uninstall',
  async run(s, arg) {
    const host = await resolveHost(s, arg, UNINSTALL_TITLE);
    if (!host) return;
    const confirm = uninstallConfirmation(host.name, s.store.snapshot(host.name));
    if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button)) !== confirm.button) return;
    const requestId = randomUUID();
    return runJobWithProgress(s, host, UNINSTALL_TITLE, (client, timeoutMs) => client.uninstall({ requestId }, { timeoutMs }));
  },
};
