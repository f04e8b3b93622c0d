/**
 * Uninstall Mobility Service… as plain data: the modal confirmation's words,
 * naming the host and what the extension last saw installed there. The
 * command file (commands/agent/uninstall.ts) only shows them.
 */
import { RegistrationState } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostSnapshot } from './host-snapshot';
import type { Confirmation } from './package-removal';

export const UNINSTALL_TITLE = 'Uninstall Mobility Service';
export const UNINSTALL_BUTTON = 'Uninstall';

export function uninstallConfirmation(hostName: string, snapshot: HostSnapshot | undefined): Confirmation {
  const agent = snapshot?.kind === 'ok' ? snapshot.status.agent : undefined;
  const what = agent?.installed
    ? `Agent ${agent.version || 'of unknown version'}${agent.installLocation ? ` in ${agent.installLocation}` : ''}` +
      (agent.registration === RegistrationState.REGISTERED ? `, registered with ${agent.csEndpoint},` : '') +
      ' is removed by its own uninstaller.'
    : 'The agent is removed by its own uninstaller.';
  const lines = [
    what,
    'Replication of this machine stops. To protect it again, install and register the agent again.',
    'mobilityd refuses while another agent job runs on the host, and when no agent is installed.',
  ];
  return { message: `Uninstall the Mobility service agent from ${hostName}?`, detail: lines.join('\n\n'), button: UNINSTALL_BUTTON };
}
