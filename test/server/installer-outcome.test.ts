/**
 * How a job's installer steps and outcome are settled from the exit code and what the agent's own
 * files showed (install-outcome.ts): the VSS rule on Windows (9.23 and later: WARNING; 9.22 and
 * earlier: FAILED), prerequisite failures named from InstallerErrors.json, and the honest
 * messages when the files say nothing.
 */
import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { JobSchema, JobState, JobStepSchema, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { StepTracker } from '../../server/core/jobs/step-tracker';
import { InstallerProgress } from '../../server/core/install/installer-progress';
import { installOutcome } from '../../server/core/install/install-outcome';
import type { InstallerReport } from '../../server/core/install/installer-files';
import { installerExit } from '../../server/core/agent-programs/exit-codes';
import type { ExitDescription } from '../../server/core/agent-programs/process-exit';

const KINDS = [StepKind.PREREQUISITE_CHECK, StepKind.INSTALL_AGENT, StepKind.INSTALL_VSS_PROVIDER];

function settle(opts: { code: number; windows: boolean; vssFailureFails?: boolean; report?: Partial<InstallerReport> }) {
  const job = create(JobSchema, { steps: KINDS.map((kind) => create(JobStepSchema, { kind, state: StepState.PENDING })) });
  const steps = new StepTracker(job, () => undefined);
  const progress = new InstallerProgress(steps, '9.30.0.0', opts.vssFailureFails ?? false, opts.windows);
  progress.begin();
  progress.settle({ errors: [], logTail: [], logsWritten: ['/var/log/ua_install.log'], ...opts.report });
  const exit: ExitDescription = { ...installerExit(opts.code), code: opts.code, described: `exit ${opts.code}, ${installerExit(opts.code).meaning}` };
  const outcome = installOutcome(exit, progress, steps, 'agent 9.30.0.0 installed in /usr/local/ASR');
  const step = (kind: StepKind) => job.steps.find((s) => s.kind === kind)!;
  return { outcome, step, states: job.steps.map((s) => `${StepKind[s.kind]}=${StepState[s.state]}`) };
}

const vssFailed = { vss: { failed: true, exitCode: 517 } };

describe('install outcome from the exit code and the agent’s files', () => {
  it('Windows, agent 9.23 and later: a VSS failure in the logs is a WARNING and the agent is installed', () => {
    const { outcome, step, states } = settle({ code: 0, windows: true, report: vssFailed });
    assert.equal(outcome.state, JobState.WARNING);
    assert.deepEqual(states, ['PREREQUISITE_CHECK=SUCCEEDED', 'INSTALL_AGENT=SUCCEEDED', 'INSTALL_VSS_PROVIDER=WARNING']);
    assert.match(step(StepKind.INSTALL_VSS_PROVIDER).message, /^VSS provider installation failed \(exit code 517\); the agent works without it/);
  });

  it('Windows, agent 9.22 and earlier: a VSS failure fails the whole install, whatever the exit code', () => {
    const { outcome, states } = settle({ code: 0, windows: true, vssFailureFails: true, report: vssFailed });
    assert.equal(outcome.state, JobState.FAILED);
    assert.deepEqual(states, ['PREREQUISITE_CHECK=SUCCEEDED', 'INSTALL_AGENT=FAILED', 'INSTALL_VSS_PROVIDER=FAILED']);
  });

  it('Windows without a VSS line: the step is reported from the exit code, saying what is not known', () => {
    assert.equal(settle({ code: 0, windows: true }).step(StepKind.INSTALL_VSS_PROVIDER).state, StepState.SUCCEEDED);
    const warned = settle({ code: 98, windows: true });
    assert.equal(warned.outcome.state, JobState.WARNING);
    assert.equal(warned.step(StepKind.INSTALL_VSS_PROVIDER).state, StepState.WARNING);
    assert.match(warned.step(StepKind.INSTALL_VSS_PROVIDER).message, /logs do not say whether the VSS provider installed/);
  });

  it('Linux: the VSS provider step is SKIPPED (it is Windows-only)', () => {
    const { outcome, states } = settle({ code: 0, windows: false });
    assert.equal(outcome.state, JobState.SUCCEEDED);
    assert.deepEqual(states, ['PREREQUISITE_CHECK=SUCCEEDED', 'INSTALL_AGENT=SUCCEEDED', 'INSTALL_VSS_PROVIDER=SKIPPED']);
  });

  it('exit 99 names InstallerErrors.json’s entries on PREREQUISITE_CHECK', () => {
    const errors = [{ name: 'FreeDiskSpace', message: '512 MB free' }, { name: 'GrubDeviceNames', message: 'device names' }];
    const { outcome, step } = settle({ code: 99, windows: false, report: { errors } });
    assert.equal(outcome.state, JobState.FAILED);
    assert.equal(step(StepKind.PREREQUISITE_CHECK).message, 'prerequisites not met: FreeDiskSpace: 512 MB free; GrubDeviceNames: device names');
  });

  it('exit 99 without entries: FAILED with the code’s meaning, saying the files name none', () => {
    const { outcome, step } = settle({ code: 99, windows: false, report: { errorsNote: 'InstallerErrors.json was not written during this job' } });
    assert.equal(step(StepKind.PREREQUISITE_CHECK).state, StepState.FAILED);
    assert.match(outcome.message, /^prerequisites not met: the installer's files name none \(InstallerErrors\.json was not written during this job\); see \/var\/log\/ua_install\.log \(installer exit 99, prerequisites not met\)/);
  });

  it('another failing code fails the step in progress with the code’s meaning and the entries', () => {
    const { outcome, step } = settle({ code: 97, windows: false, report: { errors: [{ name: 'AgentInstallation', message: 'rpm failed' }] } });
    assert.equal(step(StepKind.PREREQUISITE_CHECK).state, StepState.FAILED, 'where the installer stopped is not knowable from outside');
    assert.match(outcome.message, /^the install failed: installer exit 97, failed with errors: AgentInstallation: rpm failed; see /);
  });
});
