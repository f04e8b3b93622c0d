/**
 * Installing the version that is already installed: the sample installer says
 * "already installed ... nothing to do" and changes nothing, and the job says
 * that too, never "upgraded from X to X".
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { JobState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';

describe('finding 14: reinstalling the same version', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon({ versions: ['9.40.0.0'] });
  beforeEach(async () => {
    const first = await daemon().finish((await daemon().install()).id);
    assert.equal(first.state, JobState.SUCCEEDED, first.message);
  });

  it('says the agent was already at that version and nothing was done', async () => {
    const vxVersion = daemon().sandbox.path('/usr/local/.vx_version');
    const before = fs.readFileSync(vxVersion, 'utf8');
    const started = await daemon().install();
    assert.doesNotMatch(started.message, /upgrad/);
    const job = await daemon().finish(started.id);

    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal(job.message, 'agent 9.40.0.0 is already installed in /usr/local/ASR: nothing to do');
    assert.doesNotMatch(job.message, /upgraded from 9\.40\.0\.0 to 9\.40\.0\.0/);
    assert.deepEqual(
      job.steps.map((s) => `${StepKind[s.kind]}=${StepState[s.state]}`),
      ['COPY_PACKAGE=SUCCEEDED', 'PREREQUISITE_CHECK=SKIPPED', 'INSTALL_AGENT=SUCCEEDED', 'INSTALL_VSS_PROVIDER=SKIPPED'],
    );
    assert.equal(stepOf(job, StepKind.PREREQUISITE_CHECK)?.message, 'not needed: agent 9.40.0.0 is already installed');
    assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.message, 'agent 9.40.0.0 is already installed in /usr/local/ASR: nothing to do (installer exit 0, success)');
    assert.equal(job.agentVersion, '9.40.0.0');
    assert.equal(fs.readFileSync(vxVersion, 'utf8'), before, 'the installer changed nothing');
  });
});
