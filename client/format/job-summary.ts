/** A job in one line for a per-host summary row (mobilityctl --hosts, Install on Several Hosts). */
import { JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { jobOutcomePhrase } from './job-labels';

/**
 * "job 1a2b succeeded, agent 9.30.0.0"; for a job that did not simply succeed,
 * its message too, and `extra` (e.g. the exit status) when given.
 */
export function jobSummary(job: Job, extra?: string): string {
  const parts = [`job ${job.id} ${outcomeWords(job.state)}`];
  if (job.agentVersion) parts.push(`agent ${job.agentVersion}`);
  if (job.state !== JobState.SUCCEEDED && job.message) parts.push(job.message);
  if (job.state !== JobState.SUCCEEDED && extra) parts.push(extra);
  return parts.join(', ');
}

/** The end (or the state) of a job in a word or two, for a table cell. */
function outcomeWords(state: JobState): string {
  if (state === JobState.WARNING) return 'succeeded with a warning';
  if (state === JobState.CANCELLED) return 'cancelled';
  if (state === JobState.INTERRUPTED) return 'interrupted';
  if (state === JobState.QUEUED) return 'queued';
  if (state === JobState.RUNNING) return 'running';
  return jobOutcomePhrase(state);
}
