/**
 * CancelJob and shutdown: the installer's whole process tree ends (checked in
 * /proc: no process of the sandbox is left), the job says CANCELLED or
 * INTERRUPTED, and nothing hangs. The sample's "slow" fault keeps each phase
 * running long enough to stop it in the middle.
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { startJobDaemon, useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';
import { processesOfRoot } from '../helpers/process-scan';
import { setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { followLog, untilLine } from '../helpers/log-follower';

describe('Cancelling jobs', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();

  /** Starts a slow install and resolves once its installer prints progress of its prerequisite phase. */
  async function slowInstallRunning() {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const tail = await followLog(daemon().client, 'installer');
    const { id } = await daemon().install();
    const watcher = daemon().watch(id);
    await untilLine(tail, 'Running prerequisite checks ...');
    return { id, watcher };
  }

  it('ends the installer process tree mid-install and marks the job CANCELLED', async () => {
    const { id, watcher } = await slowInstallRunning();
    const before = processesOfRoot(daemon().sandbox.root);
    assert.ok(before.length > 0, 'the installer runs');
    const job = await daemon().client.cancelJob(id);
    assert.equal(job?.state, JobState.CANCELLED);
    assert.match(job!.message, /^cancelled on request; the installer was stopped \(its whole process tree ended\)$/);
    assert.deepEqual(processesOfRoot(daemon().sandbox.root), [], 'no process of the installer is left');
    for (const pid of before) assert.throws(() => process.kill(pid, 0), /ESRCH/, `pid ${pid} is gone`);
    assert.equal(stepOf(job, StepKind.PREREQUISITE_CHECK)?.state, StepState.CANCELLED);
    assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.state, StepState.CANCELLED);
    assert.equal(stepOf(job, StepKind.COPY_PACKAGE)?.state, StepState.SUCCEEDED);
    assert.equal((await watcher.result()).state, JobState.CANCELLED, 'watchers see the end too');
    const log = fs.readFileSync(daemon().logPath('installer'), 'utf8');
    assert.match(log, /mobilityd: cancelled; sent SIGTERM to install's process group/);
    const agentLog = fs.readFileSync(daemon().sandbox.path('/var/log/ua_install.log'), 'utf8');
    assert.match(agentLog, /Installation stopped by SIGTERM/, 'the installer logs its stop in its own log');
    assert.equal(fs.existsSync(path.join(daemon().sandbox.stateDir, 'work', id)), false);

    setSampleFaults(daemon().sandbox.root, []);
    const next = await daemon().finish((await daemon().install()).id);
    assert.equal(next.state, JobState.SUCCEEDED, 'the host is free for the next operation');
  });

  it('cancelling an ended job is FAILED_PRECONDITION; an unknown id is NOT_FOUND', async () => {
    const job = await daemon().finish((await daemon().install()).id);
    await expectGrpcError(daemon().client.cancelJob(job.id), status.FAILED_PRECONDITION, new RegExp(`^job ${job.id} already ended \\(succeeded\\); there is nothing to cancel$`));
    await expectGrpcError(daemon().client.cancelJob('0000000aa-00000000'), status.NOT_FOUND, /^there is no job "0000000aa-00000000"/);
    await expectGrpcError(daemon().client.getJob('../../etc/passwd'), status.NOT_FOUND, /^there is no job/);
    const watch = daemon().watch('nope');
    await watch.until((w) => w.ended, 'the stream to end').catch(() => undefined);
    assert.equal(watch.error?.code, 'not_found');
  });

  it('cancels a registration mid-run and removes its passphrase file', async () => {
    setSamplePassphrase(daemon().sandbox.root, 'cancel-me-passphrase');
    assert.equal((await daemon().finish((await daemon().install()).id)).state, JobState.SUCCEEDED);
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const tail = await followLog(daemon().client, 'configurator');
    const { id } = await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'cancel-me-passphrase' } } });
    await untilLine(tail, 'Connecting to configuration server 10.0.0.5 ...');
    const secrets = path.join(daemon().sandbox.stateDir, 'secrets');
    assert.equal(fs.readdirSync(secrets).length, 1, 'the passphrase file exists while the configurator runs');
    const job = await daemon().client.cancelJob(id);
    assert.equal(job?.state, JobState.CANCELLED);
    assert.equal(stepOf(job, StepKind.REGISTER)?.state, StepState.CANCELLED);
    assert.deepEqual(fs.readdirSync(secrets), [], 'the passphrase file is gone');
    assert.deepEqual(processesOfRoot(daemon().sandbox.root), []);
  });
});

describe('Shutting down with a running job', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.remove());

  it('stops the installer, records INTERRUPTED, and the next daemon shows it', async () => {
    const first = await startJobDaemon({ sandbox });
    setSampleFaults(sandbox.root, ['slow']);
    const tail = await followLog(first.client, 'installer');
    const { id } = await first.install();
    const watcher = first.watch(id);
    await untilLine(tail, 'Running prerequisite checks ...');
    assert.ok(processesOfRoot(sandbox.root).length > 0, 'the installer runs');
    await first.stop();
    assert.deepEqual(processesOfRoot(sandbox.root), [], 'no installer process outlives the daemon');
    assert.equal((await watcher.result()).state, JobState.INTERRUPTED, 'watchers saw the end before the stream closed');

    const second = await startJobDaemon({ sandbox });
    try {
      const job = await second.client.getJob(id);
      assert.equal(job.state, JobState.INTERRUPTED);
      assert.match(job.message, /^mobilityd shut down while the installer ran and stopped its processes; run the job again$/);
      assert.ok(job.steps.every((s) => s.state !== StepState.RUNNING && s.state !== StepState.PENDING));
    } finally {
      await second.stop();
    }
  });
});
