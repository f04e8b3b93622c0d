/**
 * Mobility: Edit Host… — rename a host or change its address, in place in
 * mobility.hosts ("tls" and other keys are kept as written). Its token follows
 * it to a new name; the certificate trusted for an address it left is forgotten
 * unless another host uses that address.
 */
import * as vscode from 'vscode';
import { hostSecretKey, withHostEdited } from '../../model/host-settings';
import { addressProblem, hostNameProblem, normaliseAddress } from '../../model/validators';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';
import { HOST_SECRETS } from './remove-host';

export const editHostCommand: MobilityCommand = {
  id: 'mobility.editHost',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Edit Host');
    if (!host) return;
    if (host.inventory) {
      void vscode.window.showInformationMessage(`${host.name} comes from the inventory ${host.inventory.file}; change it there (the Hosts tree follows the file).`);
      return;
    }
    const others = s.store.names().filter((n) => n !== host.name);
    const name = await vscode.window.showInputBox({
      title: `Edit Host (1/2): name of ${host.name}`,
      prompt: 'The name shown in the Hosts tree',
      value: host.name,
      ignoreFocusOut: true,
      validateInput: (value) => hostNameProblem(value, others),
    });
    if (name === undefined) return;
    const address = await vscode.window.showInputBox({
      title: `Edit Host (2/2): address of ${name}`,
      prompt: "mobilityd's address on the host: host or host:port (the port defaults to 50051), unix:///PATH of a socket on this machine, or ssh://[user@]host over SSH",
      value: host.address,
      ignoreFocusOut: true,
      validateInput: addressProblem,
    });
    if (address === undefined) return;
    try {
      await settings.writeHosts(withHostEdited(settings.hostsRaw(), host.name, name, address));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot edit host ${host.name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (name !== host.name) {
      // Secrets follow the host to its new name.
      for (const secret of HOST_SECRETS) {
        const value = await s.context.secrets.get(hostSecretKey(host.name, secret));
        if (value === undefined) continue;
        await s.context.secrets.store(hostSecretKey(name, secret), value);
        await s.context.secrets.delete(hostSecretKey(host.name, secret));
      }
    }
    const left = normaliseAddress(address) !== host.address;
    if (left && !s.store.hosts().some((h) => h.name !== host.name && h.address === host.address)) await s.trust.forget(host.address);
    s.log.info(`edited host ${host.name}: now ${name} (${address})`);
  },
};
