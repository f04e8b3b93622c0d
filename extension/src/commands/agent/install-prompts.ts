/** The questions Install and Install on Several Hosts ask: role, platform, optional location. */
import * as vscode from 'vscode';
import type { AgentRole, Platform } from '../../../../gen/mobility/v1/agent_control_pb';
import { PLATFORM_CHOICES, ROLE_CHOICES, type Choice } from '../../model/install-choices';
import { installLocationProblem } from '../../model/validators';

export interface InstallAnswers {
  role: AgentRole;
  platform: Platform;
  /** Empty for the OS default. */
  installLocation: string;
}

type Pick<T> = vscode.QuickPickItem & { value: T };

export async function pickChoice<T>(choices: Choice<T>[], title: string, placeHolder: string): Promise<T | undefined> {
  const items: Pick<T>[] = choices.map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  return picked?.value;
}

/** Asks role, platform and location; undefined when the engineer cancels. `steps` is the total for the titles. */
export async function askInstallOptions(action: string, steps: number): Promise<InstallAnswers | undefined> {
  const role = await pickChoice(ROLE_CHOICES, `${action} (1/${steps}): role`, 'The agent\'s role: MS (Mobility service) or MT (master target)');
  if (role === undefined) return undefined;
  const platform = await pickChoice(PLATFORM_CHOICES, `${action} (2/${steps}): platform`, 'What the host is: VMware (VMs and physical servers) or Azure (Azure VMs)');
  if (platform === undefined) return undefined;
  const installLocation = await vscode.window.showInputBox({
    title: `${action} (3/${steps}): install location (optional)`,
    prompt: 'An absolute folder on the host; leave empty for the default (/usr/local/ASR, or C:\\Program Files (x86)\\Microsoft Azure Site Recovery)',
    placeHolder: 'Empty: the default location',
    ignoreFocusOut: true,
    validateInput: installLocationProblem,
  });
  if (installLocation === undefined) return undefined;
  return { role, platform, installLocation };
}
