/** How a finished job is told to people: what happened, the exit status and what it means, where to look next. */
import { JobKind, JobState, StepKind, StepState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { toned } from '../output/colour';
import { jobKindLabel, jobOutcomePhrase, jobTone, stepKindLabel } from './job-labels';
import { exitStatusText } from './job-detail-view';

export interface OutcomeOptions {
  colour: boolean;
  /** " --host ADDR" for the hints, or "" for the default host. */
  hostFlag: string;
}

/** A heading line and indented details, each ending in "\n". */
export function outcomeText(job: Job, { colour, hostFlag }: OutcomeOptions): string {
  const heading = `${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}`;
  const lines = [toned(heading, jobTone(job.state), colour) + (job.message ? `: ${job.message}` : '')];
  for (const step of job.steps) {
    // The job's message often repeats the step's already; say it once.
    if (step.state === StepState.WARNING && !(step.message && job.message.includes(step.message))) lines.push(`  warning: ${stepKindLabel(step.kind)}: ${step.message || 'did not complete'}`);
  }
  if (job.exit) lines.push(`  exit status: ${exitStatusText(job.exit)}`);
  if (job.agentVersion) lines.push(`  agent version: ${job.agentVersion}`);
  if (job.state !== JobState.SUCCEEDED) {
    const log = configuratorFailed(job) ? 'configurator' : 'installer';
    lines.push(`  details: \`mobilityctl job ${job.id}${hostFlag}\`, \`mobilityctl logs ${log}${hostFlag}\``);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** The one-line failure report for stderr (main prints "mobilityctl: " before it). */
export function failureSentence(job: Job): string {
  const exit = job.exit ? ` (${exitStatusText(job.exit)})` : '';
  return `${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}${job.message ? `: ${job.message}` : ''}${exit}`;
}

/** The short form for a --hosts summary: "job 1a2b succeeded, agent 9.30.0.0". */
export function outcomeDetail(job: Job): string {
  const parts = [`job ${job.id} ${shortState(job.state)}`];
  if (job.agentVersion) parts.push(`agent ${job.agentVersion}`);
  if (job.state !== JobState.SUCCEEDED && job.message) parts.push(job.message);
  return parts.join(', ');
}

function shortState(state: JobState): string {
  if (state === JobState.WARNING) return 'succeeded with a warning';
  if (state === JobState.CANCELLED) return 'cancelled';
  if (state === JobState.INTERRUPTED) return 'interrupted';
  if (state === JobState.QUEUED) return 'queued';
  if (state === JobState.RUNNING) return 'running';
  return jobOutcomePhrase(state);
}

/** Whether the configurator's log (not the installer's) tells what went wrong. */
function configuratorFailed(job: Job): boolean {
  if (job.exit?.program?.toLowerCase().includes('configurator')) return true;
  const failed = job.steps.find((step) => step.state === StepState.FAILED || step.state === StepState.CANCELLED);
  return failed ? failed.kind === StepKind.REGISTER : job.kind === JobKind.REGISTER;
}
