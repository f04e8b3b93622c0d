/**
 * Mobility: Register with Configuration Server… — the server's IP (checked as
 * it is typed) and the passphrase from a local file, a password box, or a file
 * already on the host. The passphrase is sent once and never saved or shown.
 */
import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import * as vscode from 'vscode';
import { readPassphraseFile } from '../../../../client/registration/passphrase-file';
import type { RegistrationSchema } from '../../../../gen/mobility/v1/agent_control_pb';
import { PASSPHRASE_CHOICES } from '../../model/install-choices';
import { csEndpointProblem, hostFilePathProblem, typedPassphraseProblem } from '../../model/validators';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { runJobWithProgress } from '../../ui/run-job';
import { pickChoice } from './install-prompts';

export const REGISTER_TITLE = 'Register with Configuration Server';

type PassphraseSource = MessageInitShape<typeof RegistrationSchema>['passphraseSource'];

export const registerCommand: MobilityCommand = {
  id: 'mobility.register',
  async run(s, arg) {
    const host = await resolveHost(s, arg, REGISTER_TITLE);
    if (!host) return;
    const action = `${REGISTER_TITLE}: ${host.name}`;
    const ip = await vscode.window.showInputBox({
      title: `${action} (1/2): configuration server`,
      prompt: "The configuration server's IP address (IPv4 or IPv6)",
      placeHolder: 'e.g. 10.0.0.5',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? undefined : csEndpointProblem(value)),
    });
    if (!ip) return;
    const source = await pickChoice(PASSPHRASE_CHOICES, `${action} (2/2): passphrase`, "How to give the configuration server's passphrase (never saved)");
    if (!source) return;
    let passphraseSource: PassphraseSource;
    if (source === 'local-file') {
      const files = await vscode.window.showOpenDialog({
        title: `Passphrase file for ${host.name}`,
        openLabel: 'Use this passphrase file',
        canSelectFiles: true,
        canSelectMany: false,
      });
      if (!files?.[0]) return;
      try {
        passphraseSource = { case: 'passphrase', value: await readPassphraseFile(files[0].fsPath) };
      } catch (err) {
        void vscode.window.showErrorMessage(`${host.name}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    } else if (source === 'typed') {
      const typed = await vscode.window.showInputBox({
        title: `${action} (2/2): passphrase`,
        prompt: "The configuration server's passphrase: sent once to the host, never saved",
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value === '' ? undefined : typedPassphraseProblem(value)),
      });
      if (!typed) return;
      passphraseSource = { case: 'passphrase', value: typed };
    } else {
      const path = await vscode.window.showInputBox({
        title: `${action} (2/2): passphrase file on the host`,
        prompt: "The absolute path of a passphrase file already on the host, in one of mobilityd's passphrase folders (only the path is sent)",
        placeHolder: 'e.g. /etc/mobilityd/passphrases/MobSvc.passphrase',
        ignoreFocusOut: true,
        validateInput: (value) => (value === '' ? undefined : hostFilePathProblem(value)),
      });
      if (!path) return;
      passphraseSource = { case: 'passphraseFile', value: path };
    }
    const registration = { csEndpoint: ip.trim(), passphraseSource };
    const requestId = randomUUID();
    return runJobWithProgress(s, host, REGISTER_TITLE, (client, timeoutMs) => client.register({ registration, requestId }, { timeoutMs }));
  },
};
