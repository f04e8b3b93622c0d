/** How a finished job is told to people: what happened, the exit status and what it means, where to look next, the exit code. */
import { exitExplanationLines } from '../../client/format/exit-explanation';
import { exitStatusText } from '../../client/format/exit-status';
import { jobKindLabel, jobOutcomePhrase, stepKindLabel } from '../../client/format/job-labels';
import { jobSucceeded } from '../../client/jobs/job-state';
import { JobKind, JobState, StepKind, StepState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { ExitCode } from '../errors/exit-codes';
import { toned } from '../output/colour';
import { jobTone } from './job-tones';

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
  // Last, so a failed job's output ends with what its exit code means and what to do.
  for (const [label, text] of exitExplanationLines(job)) lines.push(`  ${label}: ${text}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** Succeeded and warning are successes (the agent works); every other end is a failure. */
export function jobExitCode(job: Job): ExitCode {
  return jobSucceeded(job) ? ExitCode.Ok : ExitCode.DaemonError;
}

/** The one-line failure report for stderr (main prints "mobilityctl: " before it). */
export function failureSentence(job: Job): string {
  const exit = job.exit ? ` (${exitStatusText(job.exit)})` : '';
  return `${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}${job.message ? `: ${job.message}` : ''}${exit}`;
}

/** Whether the configurator's log (not the installer's) tells what went wrong. */
function configuratorFailed(job: Job): boolean {
  if (job.exit?.program?.toLowerCase().includes('configurator')) return true;
  const failed = job.steps.find((step) => step.state === StepState.FAILED || step.state === StepState.CANCELLED);
  return failed ? failed.kind === StepKind.REGISTER : job.kind === JobKind.REGISTER;
}
