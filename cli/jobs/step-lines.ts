/**
 * One line per step change while a job is watched:
 *   ✔ Prerequisite check    succeeded  (0.4s)
 * (ASCII tags instead of symbols when stdout is not a terminal). Each
 * WatchJob message carries the whole job, so the changes are found by
 * comparing every step's state with the last one printed.
 */
import { StepState, type Job, type JobStep } from '../../gen/mobility/v1/agent_control_pb';
import { toned } from '../output/colour';
import { elapsedMs, formatElapsed } from '../output/format-values';
import { STEP_LABEL_WIDTH, STEP_STATE_WIDTH, stepKindLabel, stepMark, stepStateLabel, stepTone } from './job-labels';

export interface StepLineStyle {
  unicode: boolean;
  colour: boolean;
}

export class StepChanges {
  private readonly printed = new Map<string, StepState>();

  constructor(private readonly style: StepLineStyle) {}

  /** Lines for the steps whose state changed since the last call (pending steps are not news). */
  lines(job: Job): string[] {
    const lines: string[] = [];
    job.steps.forEach((step, index) => {
      const key = `${index}:${step.kind}`;
      const before = this.printed.get(key) ?? StepState.PENDING;
      if (step.state === before) return;
      this.printed.set(key, step.state);
      lines.push(formatStepLine(step, this.style));
    });
    return lines;
  }
}

export function formatStepLine(step: JobStep, { unicode, colour }: StepLineStyle): string {
  const tone = stepTone(step.state);
  const mark = toned(stepMark(step.state, unicode), tone, colour);
  const state = stepStateLabel(step.state);
  const ended = step.state !== StepState.RUNNING && step.state !== StepState.PENDING;
  const took = ended ? elapsedMs(step.startTime, step.endTime) : undefined;
  const parts = [
    `${mark} ${stepKindLabel(step.kind).padEnd(STEP_LABEL_WIDTH)}`,
    toned(took === undefined && !step.message ? state : state.padEnd(STEP_STATE_WIDTH), tone, colour),
  ];
  if (took !== undefined) parts.push(`(${formatElapsed(took)})`);
  if (step.message) parts.push(step.message);
  return parts.join('  ').trimEnd();
}
