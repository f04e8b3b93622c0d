/** The words people see for jobs, steps and their states (every client shows the same). */
import { JobKind, JobState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';

export function jobKindLabel(kind: JobKind): string {
  if (kind === JobKind.INSTALL) return 'install';
  if (kind === JobKind.REGISTER) return 'register';
  if (kind === JobKind.UNINSTALL) return 'uninstall';
  return 'unknown';
}

const JOB_STATES: Record<JobState, string> = {
  [JobState.UNSPECIFIED]: 'unknown',
  [JobState.QUEUED]: 'queued',
  [JobState.RUNNING]: 'running',
  [JobState.SUCCEEDED]: 'succeeded',
  [JobState.WARNING]: 'warning',
  [JobState.FAILED]: 'failed',
  [JobState.CANCELLED]: 'cancelled',
  [JobState.INTERRUPTED]: 'interrupted',
};

export function jobStateLabel(state: JobState): string {
  return JOB_STATES[state] ?? `state ${state}`;
}

/** The end of a job as a phrase: "job 1a2b succeeded", "... ended with a warning". */
export function jobOutcomePhrase(state: JobState): string {
  switch (state) {
    case JobState.SUCCEEDED:
      return 'succeeded';
    case JobState.WARNING:
      return 'succeeded with a warning (the agent works; something optional failed)';
    case JobState.FAILED:
      return 'failed';
    case JobState.CANCELLED:
      return 'was cancelled';
    case JobState.INTERRUPTED:
      return 'was interrupted (mobilityd stopped while it ran and could not tell how it ended)';
    case JobState.QUEUED:
      return 'is queued';
    case JobState.RUNNING:
      return 'is running';
    default:
      return `is in an unknown state (${state})`;
  }
}

const STEP_KINDS: Record<StepKind, string> = {
  [StepKind.UNSPECIFIED]: 'Unknown step',
  [StepKind.COPY_PACKAGE]: 'Copy package',
  [StepKind.PREREQUISITE_CHECK]: 'Prerequisite check',
  [StepKind.INSTALL_AGENT]: 'Install agent',
  [StepKind.INSTALL_VSS_PROVIDER]: 'Install VSS provider',
  [StepKind.REGISTER]: 'Register',
  [StepKind.UNINSTALL_AGENT]: 'Uninstall agent',
};

export function stepKindLabel(kind: StepKind): string {
  return STEP_KINDS[kind] ?? `Step ${kind}`;
}

/** The longest step label, so step lines line up whatever steps a job has. */
export const STEP_LABEL_WIDTH = Math.max(...Object.values(STEP_KINDS).map((label) => label.length));

const STEP_STATES: Record<StepState, string> = {
  [StepState.UNSPECIFIED]: 'unknown',
  [StepState.PENDING]: 'pending',
  [StepState.RUNNING]: 'running',
  [StepState.SUCCEEDED]: 'succeeded',
  [StepState.WARNING]: 'warning',
  [StepState.FAILED]: 'failed',
  [StepState.SKIPPED]: 'skipped',
  [StepState.CANCELLED]: 'cancelled',
};

export function stepStateLabel(state: StepState): string {
  return STEP_STATES[state] ?? `state ${state}`;
}

export const STEP_STATE_WIDTH = Math.max(...Object.values(STEP_STATES).map((label) => label.length));
