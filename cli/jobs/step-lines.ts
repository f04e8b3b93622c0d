/**
 * One line per step change while a job is watched:
 *   ✔ Prerequisite check    succeeded  (0.4s)
 * (ASCII tags instead of symbols when stdout is not a terminal). Each
 * WatchJob message carries the whole job; the client's StepChanges finds the
 * steps whose state changed since the last lines.
 */
import { elapsedMs, formatElapsed } from '../../client/format/format-values';
import { STEP_LABEL_WIDTH, STEP_STATE_WIDTH, stepKindLabel, stepStateLabel } from '../../client/format/job-labels';
import { StepChanges, stepEnded } from '../../client/jobs/step-changes';
import type { Job, JobStep } from '../../gen/mobility/v1/agent_control_pb';
import { toned } from '../output/colour';
import { stepMark, stepTone } from './job-tones';

export interface StepLineStyle {
  unicode: boolean;
  colour: boolean;
}

export class StepLines {
  private readonly changes = new StepChanges();

  constructor(private readonly style: StepLineStyle) {}

  /** Lines for the steps whose state changed since the last call (pending steps are not news). */
  lines(job: Job): string[] {
    return this.changes.changed(job).map((step) => formatStepLine(step, this.style));
  }
}

export function formatStepLine(step: JobStep, { unicode, colour }: StepLineStyle): string {
  const tone = stepTone(step.state);
  const mark = toned(stepMark(step.state, unicode), tone, colour);
  const state = stepStateLabel(step.state);
  const took = stepEnded(step) ? elapsedMs(step.startTime, step.endTime) : undefined;
  const parts = [
    `${mark} ${stepKindLabel(step.kind).padEnd(STEP_LABEL_WIDTH)}`,
    toned(took === undefined && !step.message ? state : state.padEnd(STEP_STATE_WIDTH), tone, colour),
  ];
  if (took !== undefined) parts.push(`(${formatElapsed(took)})`);
  if (step.message) parts.push(step.message);
  return parts.join('  ').trimEnd();
}
