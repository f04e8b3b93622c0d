/**
 * The uninstall command lines exactly as documented, as argv (no shell, no
 * quoting by us), their exit codes' meanings, and how a restart settles an
 * uninstall job a dead daemon left running.
 */
import { create } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import { AgentInfoSchema, JobKind, JobSchema, JobState, StepKind, StepState, UninstallRequestSchema } from '../../gen/mobility/v1/agent_control_pb';
import { reconcileJob } from '../../server/core/jobs/job-reconciler';
import { linuxUninstallCommand, windowsUninstallCommand, windowsUninstallLog } from '../../server/core/uninstall/uninstall-commands';
import { linuxUninstallExit, windowsUninstallExit } from '../../server/core/uninstall/uninstall-exit';

describe('uninstall command lines', () => {
  it('Linux: <install location>/uninstall.sh -Y, run in the location', () => {
    assert.deepEqual(linuxUninstallCommand('/usr/local/ASR'), { file: '/usr/local/ASR/uninstall.sh', args: ['-Y'], cwd: '/usr/local/ASR' });
    assert.deepEqual(linuxUninstallCommand('/opt/asr agent/'), { file: '/opt/asr agent/uninstall.sh', args: ['-Y'], cwd: '/opt/asr agent/' });
    assert.equal(linuxUninstallCommand('').file, '/usr/local/ASR/uninstall.sh', 'the default location when the files name none');
  });

  it('Windows: MsiExec.exe /qn /x {product code} /L+*V <ProgramData>\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log', () => {
    assert.deepEqual(windowsUninstallCommand('D:\\Data'), {
      file: 'MsiExec.exe',
      args: ['/qn', '/x', '{275197FC-14FD-4560-A5EB-38217F80CBD1}', '/L+*V', 'D:\\Data\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log'],
    });
    assert.equal(windowsUninstallLog(undefined), 'C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log');
    assert.equal(windowsUninstallCommand('  ').args[4], 'C:\\ProgramData\\ASRSetupLogs\\UnifiedAgentMSIUninstall.log');
  });

  it('exit codes: uninstall.sh 0 only; MsiExec 3010/1641 succeed with a restart warning, 1605/1618/1603 fail', () => {
    assert.equal(linuxUninstallExit(0).outcome, 'succeeded');
    assert.deepEqual(linuxUninstallExit(1), { meaning: 'failed with exit code 1', outcome: 'failed' });
    assert.equal(windowsUninstallExit(0).outcome, 'succeeded');
    assert.equal(windowsUninstallExit(3010).outcome, 'warning');
    assert.match(windowsUninstallExit(3010).meaning, /restart the machine/);
    assert.equal(windowsUninstallExit(1641).outcome, 'warning');
    for (const code of [1605, 1618, 1603, 2]) assert.equal(windowsUninstallExit(code).outcome, 'failed', String(code));
    assert.match(windowsUninstallExit(1618).meaning, /another installation is in progress/);
  });
});

describe('settling an uninstall job after a restart', () => {
  const runningUninstall = () =>
    create(JobSchema, {
      id: '00000001a-00000001',
      kind: JobKind.UNINSTALL,
      state: JobState.RUNNING,
      request: { case: 'uninstall', value: create(UninstallRequestSchema, {}) },
      steps: [{ kind: StepKind.UNINSTALL_AGENT, state: StepState.RUNNING }],
    });

  it('the agent gone: SUCCEEDED, its step too', () => {
    const job = runningUninstall();
    reconcileJob(job, create(AgentInfoSchema, { installed: false }), { changed: true });
    assert.equal(job.state, JobState.SUCCEEDED);
    assert.equal(job.message, 'reconciled after a restart of mobilityd: the host shows the agent is not installed');
    assert.equal(job.steps[0].state, StepState.SUCCEEDED);
  });

  it('the agent still there: INTERRUPTED, saying what the host shows and to run it again', () => {
    const job = runningUninstall();
    reconcileJob(job, create(AgentInfoSchema, { installed: true, version: '9.40.0.0' }), { changed: false });
    assert.equal(job.state, JobState.INTERRUPTED);
    assert.equal(job.message, 'mobilityd stopped while this job ran, and the host still shows agent 9.40.0.0 installed, not registered; run the uninstall again');
    assert.equal(job.steps[0].state, StepState.CANCELLED);
  });
});
