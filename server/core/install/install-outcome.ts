/**
 * How an installer run ended, as steps and a job outcome, from its exit code
 * and what its own files showed (installer-progress.ts). The rules:
 *  - exit 99 fails PREREQUISITE_CHECK, naming InstallerErrors.json's entries
 *    when it has any (the code's meaning alone when not);
 *  - a VSS provider failure in the Windows logs fails the job for agent 9.22
 *    and earlier and only warns from 9.23 on (Microsoft's push-installation
 *    notes), whatever exit code came with it;
 *  - any other failing code fails INSTALL_AGENT with the code's documented
 *    meaning and the entries; 98 warns on INSTALL_AGENT;
 *  - success closes every installer step: on Linux the VSS provider step is
 *    SKIPPED (it is Windows-only).
 */
import { JobState, StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import type { InstallerProgress } from './installer-progress';
import type { Outcome } from '../jobs/job-run';
import type { ExitDescription } from '../agent-programs/process-exit';
import type { StepTracker } from '../jobs/step-tracker';

export function installOutcome(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker, done: string): Outcome {
  if (progress.vss === 'failed') {
    steps.finish(StepKind.INSTALL_VSS_PROVIDER, progress.vssFailureFails ? StepState.FAILED : StepState.WARNING, progress.vssFailureMessage());
    if (progress.vssFailureFails) {
      steps.finish(StepKind.PREREQUISITE_CHECK, StepState.SUCCEEDED, 'passed (the installer went on to install the agent)');
      steps.finish(StepKind.INSTALL_AGENT, StepState.FAILED, `the agent was not installed: ${progress.vssFailureMessage()}`);
      return { state: JobState.FAILED, message: `${progress.vssFailureMessage()} (installer ${exit.described})` };
    }
  }
  if (exit.outcome === 'failed') return failure(exit, progress, steps);
  return success(exit, progress, steps, done);
}

function failure(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker): Outcome {
  const named = progress.namedErrors();
  const where = seeLogs(progress);
  if (exit.code === 99) {
    const checks = named ?? `the installer's files name none (${progress.errorsNote ?? 'no entries'}); ${where}`;
    steps.finish(StepKind.PREREQUISITE_CHECK, StepState.FAILED, `prerequisites not met: ${checks}`);
    return { state: JobState.FAILED, message: `prerequisites not met: ${checks} (installer ${exit.described}); fix them and install again` };
  }
  // Which of its steps the installer was in is not knowable from outside: the step that stands for its run fails, saying so.
  const step = steps.current()?.kind ?? StepKind.INSTALL_AGENT;
  const detail = named ? `: ${named}` : '';
  const unknown = step === StepKind.PREREQUISITE_CHECK ? ' (where it stopped is not known: the installer reports its steps only in its log)' : '';
  steps.finish(step, StepState.FAILED, `the installer failed: ${exit.described}${detail}${unknown}`);
  return { state: JobState.FAILED, message: `the install failed: installer ${exit.described}${detail}; ${where}` };
}

function success(exit: ExitDescription, progress: InstallerProgress, steps: StepTracker, done: string): Outcome {
  progress.prerequisitesDone(); // exiting with success means the checks passed
  const vssFailed = progress.vss === 'failed';
  if (!progress.windows) {
    steps.finish(StepKind.INSTALL_VSS_PROVIDER, StepState.SKIPPED, 'not part of the Linux agent (the VSS provider is Windows-only)');
  } else if (!vssFailed) {
    const vss = exit.outcome === 'warning'
      ? StepState.WARNING
      : StepState.SUCCEEDED;
    const said = exit.outcome === 'warning'
      ? `the installer ended with warnings and its logs do not say whether the VSS provider installed (installer ${exit.described})`
      : 'the installer succeeded and its logs report no VSS provider failure';
    steps.finish(StepKind.INSTALL_VSS_PROVIDER, vss, said);
  }
  const warnOnAgent = exit.outcome === 'warning' && !vssFailed;
  const named = progress.namedErrors();
  const warnings = warnOnAgent && named ? `: ${named}` : '';
  steps.finish(StepKind.INSTALL_AGENT, warnOnAgent ? StepState.WARNING : StepState.SUCCEEDED, `${done} (installer ${exit.described})${warnings}`);
  if (vssFailed) return { state: JobState.WARNING, message: `${done} with a warning: ${progress.vssFailureMessage()}` };
  if (warnOnAgent) return { state: JobState.WARNING, message: `${done} with warnings (installer ${exit.described})${warnings}; ${seeLogs(progress)}` };
  return { state: JobState.SUCCEEDED, message: done };
}

function seeLogs(progress: InstallerProgress): string {
  return progress.logsWritten.length > 0 ? `see ${progress.logsWritten.join(' and ')}` : 'the installer wrote no log during this job';
}
