/**
 * A host's state, one of a fixed list, from its last snapshot. The words are
 * part of the extension's interface: the first line of every host row's
 * tooltip (and so its accessible name) is "<name> — <words>".
 *
 * A daemon that runs insecure (--allow-insecure: beyond loopback without TLS
 * or credentials) keeps its agent or job state, which is still true, and is
 * marked on top: " (insecure)" after the words and a warning-coloured open
 * lock instead of the agent's icon (stateWords, stateIcon).
 */
import { activeJob } from '../../../client/jobs/job-state';
import { AgentRole, JobState, RegistrationState } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostSnapshot } from './host-snapshot';

export type HostState =
  | 'checking'
  | 'unreachable'
  | 'authFailed'
  | 'untrusted'
  | 'certificateChanged'
  | 'misconfigured'
  | 'notInstalled'
  | 'installed'
  | 'registered'
  | 'jobRunning'
  | 'lastJobWarning'
  | 'lastJobFailed';

export const STATE_WORDS: Record<HostState, string> = {
  checking: 'checking',
  unreachable: 'unreachable',
  authFailed: 'authentication failed',
  untrusted: 'certificate not trusted',
  certificateChanged: 'certificate changed',
  misconfigured: 'connection settings problem',
  notInstalled: 'agent not installed',
  installed: 'agent installed',
  registered: 'registered',
  jobRunning: 'job running',
  lastJobWarning: 'last job warning',
  lastJobFailed: 'last job failed',
};

/** A codicon id and, where the state deserves one, a theme colour id. */
export interface IconModel {
  id: string;
  color?: string;
}

export const STATE_ICONS: Record<HostState, IconModel> = {
  checking: { id: 'loading~spin' },
  unreachable: { id: 'debug-disconnect', color: 'errorForeground' },
  authFailed: { id: 'key', color: 'errorForeground' },
  untrusted: { id: 'workspace-untrusted', color: 'list.warningForeground' },
  certificateChanged: { id: 'shield', color: 'errorForeground' },
  misconfigured: { id: 'settings-gear', color: 'errorForeground' },
  notInstalled: { id: 'circle-outline' },
  installed: { id: 'pass' },
  registered: { id: 'pass-filled', color: 'testing.iconPassed' },
  jobRunning: { id: 'sync~spin' },
  lastJobWarning: { id: 'warning', color: 'list.warningForeground' },
  lastJobFailed: { id: 'error', color: 'list.errorForeground' },
};

/** The icon of an insecure daemon's row, in place of the agent's. */
export const INSECURE_ICON: IconModel = { id: 'unlock', color: 'list.warningForeground' };

/**
 * Connection failures (no answer or an error instead of a status; the caller,
 * the certificate or the settings refused) > a job queued or running > the
 * newest job ended with a warning / failed or was interrupted > the agent as
 * the host's files describe it. A cancelled job is the
 * engineer's own doing, so it does not colour the row.
 */
export function hostState(snapshot: HostSnapshot): HostState {
  switch (snapshot.kind) {
    case 'loading':
      return 'checking';
    case 'unreachable':
    case 'refused':
      return 'unreachable';
    case 'authFailed':
    case 'untrusted':
    case 'certificateChanged':
    case 'misconfigured':
      return snapshot.kind;
    case 'ok':
      break;
  }
  if (activeJob(snapshot.jobs)) return 'jobRunning';
  const last = snapshot.jobs[0];
  if (last?.state === JobState.WARNING) return 'lastJobWarning';
  if (last?.state === JobState.FAILED || last?.state === JobState.INTERRUPTED) return 'lastJobFailed';
  return agentState(snapshot) ?? 'notInstalled';
}

/** Set when the daemon answered and says it runs insecure: its reason. */
export function insecureReason(snapshot: HostSnapshot): string | undefined {
  if (snapshot.kind !== 'ok') return undefined;
  const security = snapshot.status.daemon?.security;
  return security?.insecure ? security.insecureReason || 'mobilityd runs with --allow-insecure' : undefined;
}

/** The row's words: the state's, and " (insecure)" for an insecure daemon. */
export function stateWords(snapshot: HostSnapshot): string {
  const words = STATE_WORDS[hostState(snapshot)];
  return insecureReason(snapshot) === undefined ? words : `${words} (insecure)`;
}

/** The row's icon: the state's; for an insecure daemon the open lock, unless a job's state says more. */
export function stateIcon(snapshot: HostSnapshot): IconModel {
  const state = hostState(snapshot);
  const agentIcon = state === 'notInstalled' || state === 'installed' || state === 'registered';
  return agentIcon && insecureReason(snapshot) !== undefined ? INSECURE_ICON : STATE_ICONS[state];
}

/** The agent's own state, whatever the jobs say. */
export function agentState(snapshot: HostSnapshot): 'notInstalled' | 'installed' | 'registered' | undefined {
  if (snapshot.kind !== 'ok') return undefined;
  const agent = snapshot.status.agent;
  if (!agent?.installed) return 'notInstalled';
  return agent.registration === RegistrationState.REGISTERED ? 'registered' : 'installed';
}

/**
 * The row's contextValue: "host.<state>", and for the last-job states the
 * agent's state after a dot ("host.lastJobFailed.installed"), so menus can
 * offer Register only where there is an agent to register.
 */
export function hostContextValue(snapshot: HostSnapshot): string {
  const state = hostState(snapshot);
  if (state === 'lastJobWarning' || state === 'lastJobFailed') return `host.${state}.${agentState(snapshot)}`;
  return `host.${state}`;
}

/** MS / MT, as the installer's -r takes them. */
export function roleShort(role: AgentRole): string {
  if (role === AgentRole.MOBILITY_SERVICE) return 'MS';
  if (role === AgentRole.MASTER_TARGET) return 'MT';
  return 'role unknown';
}
