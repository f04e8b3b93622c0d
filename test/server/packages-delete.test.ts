/**
 * Finding 5b: nothing could remove a package from the repository. DeletePackage
 * (gRPC) and DELETE /v1/packages/{name} (REST) remove one in one step; an
 * unknown name is NOT_FOUND; a package that a queued or running job uses, or
 * whose name an upload in flight is writing, is FAILED_PRECONDITION saying
 * what to wait for. Real daemon with the sample packages, real sockets; waits
 * follow the job's WatchJob stream and the repository's upload events.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientError } from '../../client/errors/client-error';
import { DeletePackageResponseSchema, JobState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useJobDaemon } from '../helpers/job-daemon';
import { samplePackage, setSampleFaults } from '../helpers/sample-packages';
import { untilReceived } from '../helpers/upload-activity';

describe('finding 5b: DeletePackage removes a package from the repository', () => {
  const daemon = useJobDaemon();

  const folder = () => fs.readdirSync(daemon().daemon.packages.dir).sort();
  const names = async () => (await daemon().client.listPackages()).packages.map((p) => p.name);
  const restDelete = (name: string) => fetch(`${daemon().restUrl}/v1/packages/${encodeURIComponent(name)}`, { method: 'DELETE' });

  it('finding 5: gRPC DeletePackage removes the file and answers the package as it was', async () => {
    const pkg = await samplePackage('9.40.0.0');
    const before = (await daemon().client.listPackages()).packages.find((p) => p.name === pkg.name);
    const removed = await daemon().client.deletePackage(pkg.name);
    assert.deepEqual(removed, before);
    assert.equal(removed.sha256, pkg.sha256);
    assert.ok(!fs.existsSync(path.join(daemon().daemon.packages.dir, pkg.name)));
    assert.deepEqual(folder(), [(await samplePackage('9.30.0.0')).name, (await samplePackage('9.22.0.0')).name].sort(), 'nothing else is touched or left');
    const listing = await daemon().client.listPackages();
    assert.equal(listing.selectedPackage, (await samplePackage('9.30.0.0')).name, 'the next newest is selected now');
  });

  it('finding 5: DELETE /v1/packages/{name} answers 200 with the DeletePackageResponse JSON', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const res = await restDelete(pkg.name);
    assert.equal(res.status, 200);
    const body = fromJson(DeletePackageResponseSchema, (await res.json()) as JsonValue);
    assert.equal(body.package?.name, pkg.name);
    assert.equal(body.package?.sha256, pkg.sha256);
    assert.equal(body.package?.sizeBytes, BigInt(pkg.sizeBytes));
    assert.ok(!(await names()).includes(pkg.name));
  });

  it('finding 5: an unknown name is NOT_FOUND (404) and a name that is no package name INVALID_ARGUMENT (400)', async () => {
    const missing = 'Microsoft-ASR_UA_9.99.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz';
    await expectGrpcError(daemon().client.deletePackage(missing), grpc.status.NOT_FOUND, /there is no package named ".*9\.99\.0\.0.*" in the repository .*; nothing was removed/);
    const res = await restDelete(missing);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'not_found');
    await expectGrpcError(daemon().client.deletePackage('../../etc/passwd'), grpc.status.INVALID_ARGUMENT, /never a path/);
    assert.equal((await restDelete('setup.exe')).status, 400);
    assert.equal(folder().length, 3, 'nothing was removed');
  });

  it('finding 5: the package a running job uses is refused with FAILED_PRECONDITION naming the job (409); once the job has ended it can go', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const pkg = await samplePackage('9.30.0.0');
    const job = await daemon().install({ packageName: pkg.name });
    const watch = daemon().watch(job.id);
    await watch.untilStep(StepKind.PREREQUISITE_CHECK, StepState.RUNNING);

    await expectGrpcError(
      daemon().client.deletePackage(pkg.name),
      grpc.status.FAILED_PRECONDITION,
      new RegExp(`^package ${pkg.name.replace(/\./g, '\\.')} is used by install job ${job.id}, which is running; wait for it to end or cancel it \\(mobilityctl cancel ${job.id}\\), then remove the package`),
    );
    const res = await restDelete(pkg.name);
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { code: string }).code, 'failed_precondition');
    assert.ok((await names()).includes(pkg.name), 'still there');
    // Another package is not in use: it may go while the job runs.
    await daemon().client.deletePackage((await samplePackage('9.22.0.0')).name);

    await daemon().client.cancelJob(job.id);
    assert.equal((await watch.result()).state, JobState.CANCELLED);
    await daemon().client.deletePackage(pkg.name);
    assert.deepEqual(await names(), [(await samplePackage('9.40.0.0')).name]);
  });

  it('finding 5: never races an upload of the same name: refused while one is in flight, and the upload completes whole', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const data = fs.readFileSync(pkg.path);
    const half = Math.floor(data.length / 2);
    const halfway = untilReceived(daemon().daemon.packages.activity, pkg.name, half);
    let refusal: Error | undefined;
    async function* content() {
      yield data.subarray(0, half);
      await halfway;
      refusal = await daemon().client.deletePackage(pkg.name).then(
        () => undefined,
        (err: Error) => err,
      );
      yield data.subarray(half);
    }
    const response = await daemon().client.uploadPackage({ name: pkg.name, sha256: pkg.sha256, sizeBytes: data.length }, content());
    assert.equal(response.alreadyPresent, true);
    assert.equal((refusal as ClientError | undefined)?.code, 'failed_precondition');
    assert.match((refusal as ClientError).rawMessage, /an upload of .* is in progress; wait for it to end, then remove the package/);
    assert.deepEqual(fs.readFileSync(path.join(daemon().daemon.packages.dir, pkg.name)), data, 'the package is whole');

    // With nothing in flight it goes, and an upload of the same name then stores it again from nothing.
    await daemon().client.deletePackage(pkg.name);
    const again = await daemon().client.uploadPackage({ name: pkg.name, sha256: pkg.sha256, sizeBytes: data.length }, [data] as unknown as AsyncIterable<Uint8Array>);
    assert.equal(again.alreadyPresent, false);
    await daemon().daemon.packages.activity.whenIdle();
    assert.equal(folder().length, 3);
  });
});
