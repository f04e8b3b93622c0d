/**
 * How a watched job is told while it runs and when it ends: one progress
 * message per step change ("Prerequisite check: running"), then one message
 * with the outcome and what the exit code means, at the right severity.
 */
import { exitExplanation, exitExplanationLines } from '../../../client/format/exit-explanation';
import { exitStatusText } from '../../../client/format/exit-status';
import { jobKindLabel, jobOutcomePhrase, stepKindLabel, stepStateLabel } from '../../../client/format/job-labels';
import { jobSummary } from '../../../client/format/job-summary';
import { jobSucceeded } from '../../../client/jobs/job-state';
import { StepChanges, stepEnded } from '../../../client/jobs/step-changes';
import { JobState, type Job } from '../../../gen/mobility/v1/agent_control_pb';

export interface StepReport {
  /** "Prerequisite check: running". */
  message: string;
  /** The step's own sentence, when it has one. */
  detail?: string;
  /** True when the step has ended (for a progress bar). */
  ended: boolean;
}

/** Remembers what was reported; each call returns the steps whose state changed since (pending is not news). */
export class StepProgress {
  private readonly steps = new StepChanges();

  changes(job: Job): StepReport[] {
    return this.steps.changed(job).map((step) => ({
      message: `${stepKindLabel(step.kind)}: ${stepStateLabel(step.state)}`,
      detail: step.message || undefined,
      ended: stepEnded(step),
    }));
  }
}

export type Severity = 'info' | 'warning' | 'error';

export interface Outcome {
  severity: Severity;
  /** "web-01: install job 0mw… succeeded: agent 9.40.0.0 installed in /usr/local/ASR (install exited 0: success)". */
  text: string;
  /** True for succeeded and warning: the agent works. */
  ok: boolean;
}

/**
 * " (install exited 99: prerequisites not met)", or nothing when the job's
 * message already says the exit code and its meaning in the daemon's words.
 */
export function exitSuffix(job: Job): string {
  if (!job.exit) return '';
  const { code, meaning } = job.exit;
  if (job.message.includes(`exit ${code}`) && (!meaning || job.message.includes(meaning))) return '';
  return ` (${exitStatusText(job.exit)})`;
}

export function jobOutcome(hostName: string, job: Job): Outcome {
  const severity: Severity = job.state === JobState.SUCCEEDED ? 'info' : job.state === JobState.WARNING ? 'warning' : 'error';
  const message = job.message ? `: ${job.message}` : '';
  const exit = exitSuffix(job);
  return {
    severity,
    text: `${hostName}: ${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}${message}${exit}${explanationSuffix(job)}`,
    ok: jobSucceeded(job),
  };
}

/**
 * " — The installer checked ... What to do: Read the installer log ...": the exit code explained,
 * from the shared catalog, for a job that did not simply succeed; "" otherwise.
 */
export function explanationSuffix(job: Job): string {
  const explained = exitExplanation(job);
  if (!explained) return '';
  const meaning = explained.meaning ? ` ${explained.meaning}` : '';
  return ` —${meaning} What to do: ${explained.remedy}`;
}

/** Tooltip lines for a job's exit code: "What it means", "What to do", "More". */
export function explanationLines(job: Job): [string, string][] {
  return exitExplanationLines(job).map(([label, text]) => [label.charAt(0).toUpperCase() + label.slice(1), text]);
}

/** The short form for a per-host result table: "job 0mw… succeeded, agent 9.40.0.0". */
export function jobOutcomeDetail(job: Job): string {
  return jobSummary(job, exitSuffix(job) ? exitStatusText(job.exit) : undefined);
}
