/**
 * Uninstall jobs with the sample packages: the sample install leaves
 * <location>/uninstall.sh, which removes what it created. Admission (refused
 * while another agent operation runs, and with no agent installed), request
 * ids, the REST route, and CancelJob.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { JobKind, JobState, RegistrationState, StepKind, StepState, UninstallResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';
import { followLog, untilLine } from '../helpers/log-follower';
import { processesOfRoot } from '../helpers/process-scan';
import { setSampleFaults } from '../helpers/sample-packages';

const NOT_INSTALLED = /^the Mobility service agent is not installed on this host \(GetStatus shows agent\.installed false: no \/usr\/local\/\.vx_version\); there is nothing to uninstall$/;

describe('Uninstall jobs', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();

  const installAgent = async () => {
    const job = await daemon().finish((await daemon().install()).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
  };

  it('install then uninstall: SUCCEEDED, one UNINSTALL_AGENT step, and GetStatus shows the agent not installed', async () => {
    await installAgent();
    assert.ok(fs.existsSync(daemon().sandbox.path('/usr/local/ASR/uninstall.sh')), 'the sample install leaves uninstall.sh in the location');
    const started = await daemon().client.uninstall({ requestId: 'uninstall-1' });
    assert.equal(started.kind, JobKind.UNINSTALL);
    assert.equal(started.request.case, 'uninstall');
    const job = await daemon().finish(started.id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.deepEqual(job.steps.map((s) => [StepKind[s.kind], StepState[s.state]]), [['UNINSTALL_AGENT', 'SUCCEEDED']]);
    assert.deepEqual([job.exit?.code, job.exit?.meaning, job.exit?.program], [0, 'success', 'uninstall.sh']);
    assert.equal(job.message, 'agent 9.40.0.0 uninstalled from /usr/local/ASR');
    const agent = (await daemon().client.getStatus()).agent!;
    assert.equal(agent.installed, false);
    assert.equal(agent.registration, RegistrationState.NOT_INSTALLED);
    assert.equal(fs.existsSync(daemon().sandbox.path('/usr/local/ASR')), false, 'the location the sample created is gone');
    const log = fs.readFileSync(daemon().logPath('installer'), 'utf8');
    assert.match(log, new RegExp(`mobilityd: job ${job.id} runs /usr/local/ASR/uninstall\\.sh -Y`));
    assert.match(log, /Mobility service agent uninstalled successfully/);
    assert.match(fs.readFileSync(daemon().sandbox.path('/var/log/ua_uninstall.log'), 'utf8'), /uninstalled successfully/);
    // The host is free again: a new install works.
    await installAgent();
  });

  it('refused with FAILED_PRECONDITION when no agent is installed, naming what GetStatus shows', async () => {
    await expectGrpcError(daemon().client.uninstall({}), status.FAILED_PRECONDITION, NOT_INSTALLED);
    assert.deepEqual((await daemon().client.listJobs()).jobs, [], 'no job was started');
  });

  it('refused while an install runs, naming that job', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const tail = await followLog(daemon().client, 'installer');
    const install = await daemon().install();
    await untilLine(tail, 'Running prerequisite checks ...');
    await expectGrpcError(
      daemon().client.uninstall({}),
      status.FAILED_PRECONDITION,
      new RegExp(`^another agent operation is running on this host: install job ${install.id}; wait for it to end or cancel it`),
    );
    await daemon().client.cancelJob(install.id);
  });

  it('refused while another run of the agent installer holds its lock, naming the file; nothing is removed', async () => {
    await installAgent();
    daemon().sandbox.write('/usr/local/ASR/.install.lck', `${process.pid}\n`);
    await expectGrpcError(
      daemon().client.uninstall({}),
      status.FAILED_PRECONDITION,
      /^another run of the agent installer is in progress: its lock file \/usr\/local\/ASR\/\.install\.lck is held/,
    );
    assert.equal((await daemon().client.getStatus()).agent?.installed, true, 'the agent is still installed');
  });

  it('the same request id returns the same job; the id of another kind of job is refused', async () => {
    await installAgent();
    const first = await daemon().client.uninstall({ requestId: 'same-uninstall' });
    const again = await daemon().client.uninstall({ requestId: 'same-uninstall' });
    assert.equal(again.id, first.id);
    assert.equal((await daemon().finish(first.id)).state, JobState.SUCCEEDED);
    const after = await daemon().client.uninstall({ requestId: 'same-uninstall' });
    assert.equal(after.id, first.id, 'still the same job once it has ended (not a refusal: nothing is installed now)');
    await expectGrpcError(
      daemon().install({ requestId: 'same-uninstall' }),
      status.FAILED_PRECONDITION,
      /^request_id "same-uninstall" was already used for uninstall job .*; use a new request id for a install$/,
    );
  });

  it('POST /v1/uninstall: with no body and with {"requestId"}; 409 when nothing is installed', async () => {
    const post = (body?: unknown) =>
      fetch(`${daemon().restUrl}/v1/uninstall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const refused = await post();
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { message: string }).message, NOT_INSTALLED);
    await installAgent();
    const res = await post({ requestId: 'rest-uninstall' });
    assert.equal(res.status, 200);
    const job = fromJson(UninstallResponseSchema, (await res.json()) as JsonValue).job!;
    assert.equal(job.kind, JobKind.UNINSTALL);
    assert.equal(job.requestId, 'rest-uninstall');
    assert.equal((await daemon().finish(job.id)).state, JobState.SUCCEEDED);
    const retry = fromJson(UninstallResponseSchema, (await (await post({ requestId: 'rest-uninstall' })).json()) as JsonValue).job!;
    assert.equal(retry.id, job.id);
    assert.equal((await daemon().client.getStatus()).agent?.installed, false);
  });

  it('cancel mid-run: CANCELLED, the uninstaller process tree ends, and the agent is still installed', async () => {
    await installAgent();
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const tail = await followLog(daemon().client, 'installer');
    const { id } = await daemon().client.uninstall({});
    await untilLine(tail, 'Uninstalling the Mobility service agent ...');
    const job = await daemon().client.cancelJob(id);
    assert.equal(job.state, JobState.CANCELLED);
    assert.match(job.message, /^cancelled on request; the uninstaller was stopped \(its whole process tree ended\)$/);
    assert.equal(stepOf(job, StepKind.UNINSTALL_AGENT)?.state, StepState.CANCELLED);
    assert.deepEqual(processesOfRoot(daemon().sandbox.root), [], 'no process of the uninstaller is left');
    assert.equal((await daemon().client.getStatus()).agent?.installed, true);
    setSampleFaults(daemon().sandbox.root, []);
    assert.equal((await daemon().finish((await daemon().client.uninstall({})).id)).state, JobState.SUCCEEDED, 'running it again finishes the job');
  });

  it('an uninstaller that fails: FAILED with its exit code, the agent still shown installed', async () => {
    await installAgent();
    setSampleFaults(daemon().sandbox.root, ['errors']);
    const job = await daemon().finish((await daemon().client.uninstall({})).id);
    assert.equal(job.state, JobState.FAILED);
    assert.deepEqual([job.exit?.code, job.exit?.program], [1, 'uninstall.sh']);
    assert.match(job.message, /^the uninstaller failed: exit 1, failed with exit code 1; the agent may be partly removed/);
    assert.equal(stepOf(job, StepKind.UNINSTALL_AGENT)?.state, StepState.FAILED);
    assert.equal((await daemon().client.getStatus()).agent?.installed, true);
  });
});
