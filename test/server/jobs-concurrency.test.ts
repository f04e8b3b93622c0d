/**
 * One agent operation at a time per host, and request-id idempotency, over
 * real gRPC with many concurrent clients' requests.
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { ClientError } from '../../client/errors/client-error';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { startJobDaemon, useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults } from '../helpers/sample-packages';
import { makeSandbox } from '../helpers/sandbox';

describe('One agent operation at a time', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();
  beforeEach(() => {
    setSampleFaults(daemon().sandbox.root, ['slow']); // the first job outlives the burst
  });

  it('of 50 concurrent Installs exactly one starts a job; the 49 others are FAILED_PRECONDITION naming it', async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => daemon().install()));
    const started = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as ClientError);
    assert.equal(started.length, 1);
    assert.equal(refused.length, 49);
    const id = started[0].id;
    for (const err of refused) {
      assert.equal(err.code, 'failed_precondition', err.rawMessage);
      assert.equal(err.rawMessage, `another agent operation is running on this host: install job ${id}; wait for it to end or cancel it, then try again`);
    }
    assert.deepEqual((await daemon().client.listJobs()).jobs.map((j) => j.id), [id]);
    await expectGrpcError(
      daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'p' } } }),
      status.FAILED_PRECONDITION,
      new RegExp(`^another agent operation is running on this host: install job ${id};`),
    );
    assert.equal((await daemon().client.cancelJob(id)).state, JobState.CANCELLED);
  });

  it('a retry with the same request id returns the same job, running or ended, and starts nothing', async () => {
    const [a, b] = await Promise.all([daemon().install({ requestId: 'req-1' }), daemon().install({ requestId: 'req-1' })]);
    assert.equal(a.id, b.id, 'concurrent retries get one job');
    assert.equal(a.requestId, 'req-1');
    const cancelled = await daemon().client.cancelJob(a.id);
    const again = await daemon().install({ requestId: 'req-1' });
    assert.equal(again.id, a.id);
    assert.equal(again.state, JobState.CANCELLED, 'the job as it is now');
    assert.equal((await daemon().client.listJobs()).jobs.length, 1);
    assert.deepEqual(again.endTime, cancelled.endTime);
    await expectGrpcError(
      daemon().register({ requestId: 'req-1', registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'p' } } }),
      status.FAILED_PRECONDITION,
      new RegExp(`^request_id "req-1" was already used for install job ${a.id}; use a new request id for a register$`),
    );
  });
});

describe('Request ids across a restart', function () {
  this.timeout(60_000);

  it('a retry after the daemon restarted returns the job it started', async () => {
    const sandbox = makeSandbox();
    try {
      const first = await startJobDaemon({ sandbox });
      const job = await first.finish((await first.install({ requestId: 'deploy-42' })).id);
      assert.equal(job.state, JobState.SUCCEEDED);
      await first.stop();
      const second = await startJobDaemon({ sandbox });
      try {
        const retried = await second.install({ requestId: 'deploy-42' });
        assert.equal(retried.id, job.id);
        assert.equal(retried.state, JobState.SUCCEEDED);
        assert.equal((await second.client.listJobs()).jobs.length, 1, 'no second install');
      } finally {
        await second.stop();
      }
    } finally {
      sandbox.remove();
    }
  });
});
