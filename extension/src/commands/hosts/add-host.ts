/**
 * Mobility: Add Host… — a name, a mobilityd address (checked as they are
 * typed) and whether to speak TLS, appended to mobility.hosts. TLS is asked
 * because a daemon beyond this machine has it (mobilityd refuses to listen
 * there without it): the first contact then shows its certificate to trust.
 * A CA file, a pinned fingerprint or a client certificate go in settings.json.
 */
import * as vscode from 'vscode';
import { isLocalAddress, UNIX_SCHEME } from '../../../../client/connection/host-address';
import { isSshAddress } from '../../../../client/connection/ssh-address';
import { withHostAdded } from '../../model/host-settings';
import { addressProblem, hostNameProblem, normaliseAddress } from '../../model/validators';
import type { MobilityCommand } from '../../services';
import { settings } from '../../ui/settings';

interface TlsPick extends vscode.QuickPickItem {
  tls: boolean;
}

export const addHostCommand: MobilityCommand = {
  id: 'mobility.addHost',
  async run(s) {
    const taken = s.store.names();
    const name = await vscode.window.showInputBox({
      title: 'Add Host (1/3): name',
      prompt: 'A name for the host, shown in the Hosts tree and in messages',
      placeHolder: 'e.g. web-01',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : hostNameProblem(value, taken)),
    });
    if (!name) return;
    const address = await vscode.window.showInputBox({
      title: `Add Host (2/3): address of ${name}`,
      prompt: "mobilityd's address on the host: host or host:port (the port defaults to 50051), unix:///PATH of a socket on this machine, or ssh://[user@]host over SSH",
      placeHolder: 'e.g. 10.0.0.4:50051',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : addressProblem(value)),
    });
    if (!address) return;
    const tls = await askTls(name, normaliseAddress(address));
    if (tls === undefined) return;
    try {
      await settings.writeHosts(withHostAdded(settings.hostsRaw(), name, address, tls));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot add host ${name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    s.log.info(`added host ${name} (${address}${tls ? ', TLS' : ''}) to mobility.hosts`);
  },
};

/** TLS or not; the likely answer first (TLS beyond this machine). A Unix socket has no TLS: not asked. */
async function askTls(name: string, address: string): Promise<boolean | undefined> {
  if (address.startsWith(UNIX_SCHEME) || isSshAddress(address)) return false; // ssh:// is encrypted by SSH
  const withTls: TlsPick = {
    label: 'TLS',
    description: 'trust its certificate on first contact (or the system CAs)',
    detail: 'For a daemon beyond this machine. A CA file, a pinned fingerprint or a client certificate: edit "tls" in settings.json afterwards.',
    tls: true,
  };
  const plain: TlsPick = { label: 'No TLS', description: 'plain gRPC', detail: 'Only for a daemon on this machine (127.0.0.1, ::1, localhost).', tls: false };
  const picked = await vscode.window.showQuickPick(isLocalAddress(address) ? [plain, withTls] : [withTls, plain], {
    title: `Add Host (3/3): connection to ${name}`,
    placeHolder: 'Speak TLS to mobilityd?',
    ignoreFocusOut: true,
  });
  return picked?.tls;
}
