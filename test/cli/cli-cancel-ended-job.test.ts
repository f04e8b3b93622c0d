/**
 * Finding 15: `mobilityctl cancel` follows kubectl's convention for idempotent
 * operations. Cancelling a job that has already ended has nothing to do: exit
 * 0, saying how the job ended. An unknown job id is an error: exit 1. The
 * daemon itself keeps answering FAILED_PRECONDITION for an ended job (the
 * sane gRPC status: the job is not in a state that can be cancelled).
 */
import * as assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { assertNoStackTrace, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { expectGrpcError } from '../helpers/grpc-errors';
import { copySamplePackages } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

describe('finding 15: mobilityctl cancel of a job that already ended', function () {
  let endedId: string;

  requireBuiltCli();
  const daemon = useTestDaemon({ shared: true });
  before(async () => {
    await copySamplePackages(daemon().daemon.packages.dir);
    // `install` waits for the job to end, so the job has ended when it exits.
    const install = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
    assert.equal(install.code, 0, install.stderr + install.stdout);
    endedId = /^install job (\S+) on /.exec(install.stdout)![1];
  });

  it('finding 15: cancel of an ended job exits 0 and says the job had already ended, with its state', async () => {
    const r = await runCli(['cancel', endedId, '--host', daemon().address]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^install job ${endedId} had already ended: it succeeded(: .+)?; nothing to cancel\\n$`));
    assert.equal(r.stderr, '');
  });

  it('finding 15: cancel --json of an ended job prints the job as it ended and exits 0', async () => {
    const r = await runCli(['cancel', endedId, '--host', daemon().address, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { job } = JSON.parse(r.stdout);
    assert.equal(job.id, endedId);
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED');
  });

  it('finding 15: cancel of an unknown job id exits 1 with the daemon message', async () => {
    const r = await runCli(['cancel', 'no-such-job', '--host', daemon().address]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /there is no job "no-such-job"/);
    assert.equal(r.stdout, '');
    assertNoStackTrace(r);
  });

  it('finding 15: the daemon still answers FAILED_PRECONDITION to a CancelJob of an ended job', async () => {
    await expectGrpcError(daemon().client.cancelJob(endedId), status.FAILED_PRECONDITION, /already ended \(succeeded\)/);
  });

  it('finding 15: cancel --help says what it exits with, as it behaves', async () => {
    const r = await runCli(['cancel', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /0 +the job was cancelled, is being cancelled, or had already ended/);
    assert.match(r.stdout, /1 +mobilityd answered with an error, e\.g\. there is no job with that id/);
    assert.doesNotMatch(r.stdout, /Exits 0 when mobilityd answered, whatever the state/);
  });
});
