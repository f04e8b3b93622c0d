/** Mobility: Add Host… — a name and a mobilityd address, checked as they are typed, appended to mobility.hosts. */
import * as vscode from 'vscode';
import { withHostAdded } from '../../model/host-settings';
import { addressProblem, hostNameProblem } from '../../model/validators';
import type { MobilityCommand } from '../../services';
import { settings } from '../../ui/settings';

export const addHostCommand: MobilityCommand = {
  id: 'mobility.addHost',
  async run(s) {
    const taken = s.store.names();
    const name = await vscode.window.showInputBox({
      title: 'Add Host (1/2): name',
      prompt: 'A name for the host, shown in the Hosts tree and in messages',
      placeHolder: 'e.g. web-01',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : hostNameProblem(value, taken)),
    });
    if (!name) return;
    const address = await vscode.window.showInputBox({
      title: `Add Host (2/2): address of ${name}`,
      prompt: "mobilityd's address on the host: host or host:port (the port defaults to 50051), or unix:///PATH of a socket on this machine",
      placeHolder: 'e.g. 10.0.0.4:50051',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : addressProblem(value)),
    });
    if (!address) return;
    try {
      await settings.writeHosts(withHostAdded(settings.hostsRaw(), name, address));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot add host ${name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    s.log.info(`added host ${name} (${address}) to mobility.hosts`);
  },
};
