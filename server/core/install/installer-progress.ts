/**
 * Moves PREREQUISITE_CHECK, INSTALL_AGENT and INSTALL_VSS_PROVIDER as the
 * installer's output reports progress (installer-contract.md), and remembers
 * what the outcome needs: which prerequisite checks failed and how the VSS
 * provider fared. Ordinary output lines change nothing (they go to the log).
 */
import { StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import { parseInstallerLine, type InstallerSignal } from './installer-output';
import type { StepTracker } from '../jobs/step-tracker';

export type VssReport = 'unreported' | 'running' | 'failed' | 'installed';

export class InstallerProgress {
  readonly failedChecks: string[] = [];
  vss: VssReport = 'unreported';
  vssExitCode?: number;
  prerequisitesPassed = false;
  /** The installer said this version is already installed and did nothing. */
  alreadyInstalled = false;

  /** `vssFailureFails`: agent 9.22 and earlier fail the install when the VSS provider fails. */
  constructor(
    private readonly steps: StepTracker,
    private readonly version: string,
    readonly vssFailureFails: boolean,
  ) {}

  /** The installer starts with its prerequisite checks. */
  begin(): void {
    this.steps.start(StepKind.PREREQUISITE_CHECK, 'the installer is checking prerequisites');
  }

  onLine = (line: string): void => {
    const signal = parseInstallerLine(line);
    if (signal) this.apply(signal);
  };

  private apply(signal: InstallerSignal): void {
    switch (signal.kind) {
      case 'prereq_running':
        return this.begin();
      case 'prereq_failed':
        this.failedChecks.push(signal.check);
        return this.steps.note(StepKind.PREREQUISITE_CHECK, `prerequisites not met so far: ${this.failedChecks.join(', ')}`);
      case 'prereq_passed':
        return this.prerequisitesDone();
      case 'vss_running':
        this.installing();
        this.vss = 'running';
        return this.steps.start(StepKind.INSTALL_VSS_PROVIDER, 'the installer is installing the VSS provider');
      case 'vss_failed':
        this.installing();
        this.vss = 'failed';
        this.vssExitCode = signal.exitCode;
        return this.steps.finish(StepKind.INSTALL_VSS_PROVIDER, this.vssFailureFails ? StepState.FAILED : StepState.WARNING, this.vssFailureMessage());
      case 'vss_installed':
        this.vss = 'installed';
        return this.steps.finish(StepKind.INSTALL_VSS_PROVIDER, StepState.SUCCEEDED, 'VSS provider installed');
      case 'already_installed':
        return this.nothingToDo();
    }
  }

  /** PREREQUISITE_CHECK succeeded: INSTALL_AGENT runs. */
  prerequisitesDone(): void {
    if (this.prerequisitesPassed) return;
    this.prerequisitesPassed = true;
    this.steps.finish(StepKind.PREREQUISITE_CHECK, StepState.SUCCEEDED, 'all prerequisite checks passed');
    this.steps.start(StepKind.INSTALL_AGENT, `the installer is installing agent ${this.version}`);
  }

  /** The same version is installed: the installer checks nothing and installs nothing. */
  private nothingToDo(): void {
    this.alreadyInstalled = true;
    if (!this.prerequisitesPassed) {
      this.prerequisitesPassed = true; // nothing is left to check: prerequisitesDone() must not claim checks passed
      this.steps.finish(StepKind.PREREQUISITE_CHECK, StepState.SKIPPED, `not needed: agent ${this.version} is already installed`);
    }
    this.steps.start(StepKind.INSTALL_AGENT, `the installer found agent ${this.version} already installed`);
  }

  /** VSS lines come while the agent is being installed, so the checks are behind us. */
  private installing(): void {
    if (!this.prerequisitesPassed) this.prerequisitesDone();
  }

  vssFailureMessage(): string {
    const code = this.vssExitCode === undefined ? '' : ` (exit code ${this.vssExitCode})`;
    return this.vssFailureFails
      ? `VSS provider installation failed${code}; agent ${this.version} (9.22 or earlier) cannot be installed without it, so the install failed`
      : `VSS provider installation failed${code}; the agent works without it: application-consistent recovery points are not available, crash-consistent points are not affected`;
  }
}
