/**
 * Mobility: Remove Host — takes a host out of mobility.hosts (after a
 * confirmation) and forgets its secrets, and the certificate trusted for its
 * address when no other host uses that address.
 */
import * as vscode from 'vscode';
import { hostSecretKey, withHostRemoved } from '../../model/host-settings';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';

/** The per-host secrets the extension keeps in SecretStorage: the bearer token. Registration passphrases are never kept. */
export const HOST_SECRETS = ['token'] as const;

export const removeHostCommand: MobilityCommand = {
  id: 'mobility.removeHost',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Remove Host');
    if (!host) return;
    if (host.inventory) {
      void vscode.window.showInformationMessage(`${host.name} comes from the inventory ${host.inventory.file}; change it there (the Hosts tree follows the file).`);
      return;
    }
    const remove = 'Remove';
    const answer = await vscode.window.showWarningMessage(
      `Remove host ${host.name} (${host.address}) from the Mobility hosts?`,
      { modal: true, detail: 'Only its entry in the mobility.hosts setting is removed, with its token and trusted certificate; nothing changes on the host.' },
      remove,
    );
    if (answer !== remove) return;
    try {
      await settings.writeHosts(withHostRemoved(settings.hostsRaw(), host.name));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot remove host ${host.name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const secret of HOST_SECRETS) await s.context.secrets.delete(hostSecretKey(host.name, secret));
    if (!s.store.hosts().some((h) => h.name !== host.name && h.address === host.address)) await s.trust.forget(host.address);
    s.log.info(`removed host ${host.name} from mobility.hosts`);
  },
};
