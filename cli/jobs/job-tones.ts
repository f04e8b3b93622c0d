/** How jobs and steps look at a terminal: the colour of an outcome and the mark of a step. */
import { JobState, StepState } from '../../gen/mobility/v1/agent_control_pb';
import type { Tone } from '../output/colour';

export function jobTone(state: JobState): Tone {
  if (state === JobState.SUCCEEDED) return 'good';
  if (state === JobState.WARNING) return 'warn';
  if (state === JobState.FAILED || state === JobState.CANCELLED || state === JobState.INTERRUPTED) return 'bad';
  return 'plain';
}

export function stepTone(state: StepState): Tone {
  if (state === StepState.SUCCEEDED) return 'good';
  if (state === StepState.WARNING) return 'warn';
  if (state === StepState.FAILED || state === StepState.CANCELLED) return 'bad';
  return 'plain';
}

/** A terminal gets symbols; pipes and files get ASCII tags of one width. */
const STEP_MARKS: Record<StepState, [unicode: string, ascii: string]> = {
  [StepState.UNSPECIFIED]: ['?', '[ ?? ]'],
  [StepState.PENDING]: ['·', '[    ]'],
  [StepState.RUNNING]: ['▶', '[ .. ]'],
  [StepState.SUCCEEDED]: ['✔', '[ OK ]'],
  [StepState.WARNING]: ['⚠', '[WARN]'],
  [StepState.FAILED]: ['✖', '[FAIL]'],
  [StepState.SKIPPED]: ['–', '[SKIP]'],
  [StepState.CANCELLED]: ['■', '[STOP]'],
};

export function stepMark(state: StepState, unicode: boolean): string {
  const marks = STEP_MARKS[state] ?? STEP_MARKS[StepState.UNSPECIFIED];
  return unicode ? marks[0] : marks[1];
}
