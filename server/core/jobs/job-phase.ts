/**
 * Runs one phase of a job so that it always ends in an Outcome: a throw (a
 * program that cannot start, a full disk, a package that will not extract)
 * fails the step in progress with the error's message, and a throw caused by
 * stopping the job is reported as the stop it is.
 */
import { JobState, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import type { JobRun, Outcome } from './job-run';

export async function phase<T extends Outcome>(run: JobRun, what: string, work: () => Promise<T>): Promise<T | Outcome> {
  try {
    return await work();
  } catch (err) {
    if (run.signal.aborted) return run.stoppedOutcome(what);
    const message = err instanceof Error ? err.message : String(err);
    const step = run.steps.current();
    if (step) run.steps.finish(step.kind, StepState.FAILED, message);
    return { state: JobState.FAILED, message: `${what} failed: ${message}` };
  }
}

export function isGood(outcome: Outcome): boolean {
  return outcome.state === JobState.SUCCEEDED || outcome.state === JobState.WARNING;
}
