/**
 * What a job knows about its installer run, and the steps while it runs.
 * Real installers report no progress on their output, so while the installer
 * runs the job says only that; when it has ended, `settle` takes what the
 * agent's own files show (installer-files.ts): InstallerErrors.json's
 * entries, the log's last lines and, on Windows, a VSS provider failure.
 * install-outcome.ts then settles the steps from the exit code and these.
 */
import { StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import type { StepTracker } from '../jobs/step-tracker';
import type { InstallerError } from './installer-errors-file';
import type { InstallerReport } from './installer-files';

export type VssReport = 'unreported' | 'failed';

export class InstallerProgress {
  errors: InstallerError[] = [];
  errorsNote?: string;
  logTail: string[] = [];
  logsWritten: string[] = [];
  vss: VssReport = 'unreported';
  vssExitCode?: number;
  prerequisitesPassed = false;
  /** The same version was installed and the installer changed nothing on the host. */
  alreadyInstalled = false;

  /** `vssFailureFails`: agent 9.22 and earlier fail the install when the VSS provider fails. */
  constructor(
    private readonly steps: StepTracker,
    private readonly version: string,
    readonly vssFailureFails: boolean,
    readonly windows: boolean,
  ) {}

  begin(): void {
    this.steps.start(
      StepKind.PREREQUISITE_CHECK,
      'the installer is running (it checks prerequisites, then installs); it reports its steps in its own log, read when it ends',
    );
  }

  settle(report: InstallerReport): void {
    this.errors = report.errors;
    this.errorsNote = report.errorsNote;
    this.logTail = report.logTail;
    this.logsWritten = report.logsWritten;
    if (report.vss?.failed) {
      this.vss = 'failed';
      this.vssExitCode = report.vss.exitCode;
    }
  }

  /** "FreeDiskSpace: /usr/local has 512 MB free; GrubDeviceNames: ..." or undefined. */
  namedErrors(): string | undefined {
    if (this.errors.length === 0) return undefined;
    return this.errors.map((e) => `${e.name}: ${e.message}`).join('; ');
  }

  /** PREREQUISITE_CHECK succeeded: the installer went on to install. */
  prerequisitesDone(message = 'passed (the installer went on to install the agent)'): void {
    if (this.prerequisitesPassed) return;
    this.prerequisitesPassed = true;
    this.steps.finish(StepKind.PREREQUISITE_CHECK, StepState.SUCCEEDED, message);
    this.steps.start(StepKind.INSTALL_AGENT, `the installer is installing agent ${this.version}`);
  }

  /** The same version is installed and nothing changed: nothing was checked or installed. */
  nothingToDo(): void {
    this.alreadyInstalled = true;
    this.prerequisitesPassed = true;
    this.steps.finish(StepKind.PREREQUISITE_CHECK, StepState.SKIPPED, `not needed: agent ${this.version} is already installed`);
    this.steps.start(StepKind.INSTALL_AGENT, `the installer found agent ${this.version} already installed`);
  }

  vssFailureMessage(): string {
    const code = this.vssExitCode === undefined ? '' : ` (exit code ${this.vssExitCode})`;
    return this.vssFailureFails
      ? `VSS provider installation failed${code}; agent ${this.version} (9.22 or earlier) cannot be installed without it, so the install failed`
      : `VSS provider installation failed${code}; the agent works without it: application-consistent recovery points are not available, crash-consistent points are not affected`;
  }
}
