/**
 * Mobility: Delete Package… — removes an installer package from a host's
 * repository: pick the host (or the row it was run on), pick one of its
 * packages, confirm in a modal, then DeletePackage. The words come from
 * model/package-removal.ts; mobilityd refuses while a job uses the package.
 */
import * as vscode from 'vscode';
import type { AgentControlClient } from '../../../../client/agent-control-client';
import type { ListPackagesResponse } from '../../../../gen/mobility/v1/agent_control_pb';
import { emptyRepositoryMessage, removalChoices, removalConfirmation, removedMessage } from '../../model/package-removal';
import type { MobilityCommand } from '../../services';
import { showHostError } from '../../ui/messages';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';

export const deletePackageCommand: MobilityCommand = {
  id: 'mobility.deletePackage',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Delete Package');
    if (!host) return;
    let client: AgentControlClient;
    let listing: ListPackagesResponse;
    try {
      client = s.pool.get(host.name);
      listing = await client.listPackages({ timeoutMs: settings.timeoutMs() });
    } catch (err) {
      return showHostError(s, host, err);
    }
    const choices = removalChoices(listing);
    if (choices.length === 0) return void vscode.window.showInformationMessage(emptyRepositoryMessage(host.name, listing));
    const picked = await vscode.window.showQuickPick(choices, {
      title: `Delete Package on ${host.name}`,
      placeHolder: 'Which package?',
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return;
    const confirm = removalConfirmation(host.name, picked.value, listing);
    if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button)) !== confirm.button) return;
    try {
      const removed = await client.deletePackage(picked.value.name, { timeoutMs: settings.timeoutMs() });
      s.log.info(`${host.name}: deleted package ${picked.value.name}`);
      void vscode.window.showInformationMessage(removedMessage(host.name, removed));
    } catch (err) {
      showHostError(s, host, err);
    }
  },
};
