/**
 * Each WatchJob message carries the whole job; people want to hear about a
 * step when its state changes. This remembers what was told and returns the
 * steps whose state changed since the last call (a pending step is not news).
 */
import { StepState, type Job, type JobStep } from '../../gen/mobility/v1/agent_control_pb';

export class StepChanges {
  private readonly told = new Map<string, StepState>();

  changed(job: Job): JobStep[] {
    const steps: JobStep[] = [];
    job.steps.forEach((step, index) => {
      const key = `${index}:${step.kind}`;
      const before = this.told.get(key) ?? StepState.PENDING;
      if (step.state === before) return;
      this.told.set(key, step.state);
      steps.push(step);
    });
    return steps;
  }
}

/** True once a step has ended, whichever way. */
export function stepEnded(step: JobStep): boolean {
  return step.state !== StepState.RUNNING && step.state !== StepState.PENDING;
}
