/**
 * A host's state, one of a fixed list, from its last snapshot. The words are
 * part of the extension's interface: the first line of every host row's
 * tooltip (and so its accessible name) is "<name> — <words>".
 */
import { activeJob } from '../../../client/jobs/job-state';
import { AgentRole, JobState, RegistrationState } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostSnapshot } from './host-snapshot';

export type HostState =
  | 'checking'
  | 'unreachable'
  | 'notInstalled'
  | 'installed'
  | 'registered'
  | 'jobRunning'
  | 'lastJobWarning'
  | 'lastJobFailed';

export const STATE_WORDS: Record<HostState, string> = {
  checking: 'checking',
  unreachable: 'unreachable',
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
  notInstalled: { id: 'circle-outline' },
  installed: { id: 'pass' },
  registered: { id: 'pass-filled', color: 'testing.iconPassed' },
  jobRunning: { id: 'sync~spin' },
  lastJobWarning: { id: 'warning', color: 'list.warningForeground' },
  lastJobFailed: { id: 'error', color: 'list.errorForeground' },
};

/**
 * unreachable (no answer, or an error instead of a status) > a job queued or
 * running > the newest job ended with a warning / failed or was interrupted >
 * the agent as the host's files describe it. A cancelled job is the
 * engineer's own doing, so it does not colour the row.
 */
export function hostState(snapshot: HostSnapshot): HostState {
  if (snapshot.kind === 'loading') return 'checking';
  if (snapshot.kind !== 'ok') return 'unreachable';
  if (activeJob(snapshot.jobs)) return 'jobRunning';
  const last = snapshot.jobs[0];
  if (last?.state === JobState.WARNING) return 'lastJobWarning';
  if (last?.state === JobState.FAILED || last?.state === JobState.INTERRUPTED) return 'lastJobFailed';
  return agentState(snapshot) ?? 'notInstalled';
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
