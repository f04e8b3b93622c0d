/**
 * How an installer run ended, as steps and a job outcome. The rules:
 *  - exit 99 (or failed checks the installer named) fails PREREQUISITE_CHECK,
 *    naming the checks;
 *  - a VSS provider failure fails the job for agent 9.22 and earlier and only
 *    warns from 9.23 on (Microsoft's push-installation notes), whatever exit code came with it;
 *  - any other failing code fails the step that was in progress, with the
 *    code's documented meaning; 98 without a VSS failure warns on INSTALL_AGENT;
 *  - success closes every installer step: a VSS provider the installer never
 *    mentioned is SKIPPED (Linux installers have none).
 */
import { JobState, StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import type { InstallerProgress } from './installer-progress';
import type { Outcome } from '../jobs/job-run';
import type { ExitDescription } from '../agent-programs/process-exit';
import type { StepTracker } from '../jobs/step-tracker';

export function installOutcome(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker, done: string): Outcome {
  if (progress.vss === 'failed' && progress.vssFailureFails) {
    steps.finish(StepKind.INSTALL_AGENT, StepState.FAILED, `the agent was not installed: ${progress.vssFailureMessage()}`);
    return { state: JobState.FAILED, message: `${progress.vssFailureMessage()} (installer ${exit.described})` };
  }
  if (exit.outcome === 'failed') return failure(exit, progress, steps);
  return success(exit, progress, steps, done);
}

function failure(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker): Outcome {
  if (exit.code === 99 || (progress.failedChecks.length > 0 && !progress.prerequisitesPassed)) {
    const checks = progress.failedChecks.length > 0 ? progress.failedChecks.join(', ') : 'the installer did not name them; see the installer log';
    steps.finish(StepKind.PREREQUISITE_CHECK, StepState.FAILED, `prerequisites not met: ${checks}`);
    return { state: JobState.FAILED, message: `prerequisites not met: ${checks} (installer ${exit.described}); fix them and install again` };
  }
  const step = steps.current()?.kind ?? StepKind.INSTALL_AGENT;
  steps.finish(step, StepState.FAILED, `the installer failed: ${exit.described}`);
  return { state: JobState.FAILED, message: `the install failed: installer ${exit.described}; see the installer log` };
}

function success(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker, done: string): Outcome {
  progress.prerequisitesDone(); // exiting with success means the checks passed, said or not
  const vssFailed = progress.vss === 'failed';
  if (progress.vss === 'unreported') {
    steps.finish(StepKind.INSTALL_VSS_PROVIDER, StepState.SKIPPED, 'the installer installed no VSS provider (it is part of the Windows agent only)');
  } else if (progress.vss === 'running') {
    steps.finish(StepKind.INSTALL_VSS_PROVIDER, StepState.WARNING, `the installer did not say how the VSS provider installation ended (installer ${exit.described})`);
  }
  const warnOnAgent = exit.outcome === 'warning' && !vssFailed;
  steps.finish(StepKind.INSTALL_AGENT, warnOnAgent ? StepState.WARNING : StepState.SUCCEEDED, `${done} (installer ${exit.described})`);
  if (vssFailed) return { state: JobState.WARNING, message: `${done} with a warning: ${progress.vssFailureMessage()}` };
  if (warnOnAgent) return { state: JobState.WARNING, message: `${done} with warnings (installer ${exit.described}); see the installer log` };
  return { state: JobState.SUCCEEDED, message: done };
}
