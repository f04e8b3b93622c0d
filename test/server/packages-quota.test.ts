/**
 * Finding 5d: the repository had no limit on what it holds. With
 * repositoryQuotaBytes (default 16 GiB) an upload that would take the
 * repository past its quota is refused with RESOURCE_EXHAUSTED (HTTP 507):
 * from the header's declared size before a byte is written, and while the
 * content streams when the folder fills up meanwhile. The message says how
 * much is used and how to free space. Real daemon, real files; waits follow
 * the repository's upload events.
 */
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientError } from '../../client/errors/client-error';
import { QUOTA_RECHECK_BYTES } from '../../server/core/packages/repository-quota';
import { expectGrpcError } from '../helpers/grpc-errors';
import { chunksOf, headerFor, linuxPackage, linuxPackageName, sha256Of } from '../helpers/package-archives';
import { copySamplePackages } from '../helpers/sample-packages';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { progressOf, untilReceived } from '../helpers/upload-activity';

const KiB = 1024;
const MiB = 1024 * KiB;

const sizeOf = (dir: string) => fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);

describe('finding 5d: a repository quota refuses uploads that would pass it with RESOURCE_EXHAUSTED', () => {
  let t: TestDaemon | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });
  const start = async (quota: number) => (t = await startTestDaemon({ config: { repositoryQuotaBytes: quota } }));

  it('finding 5: refused from the header before a byte is written, saying what is used and how to free space; fits after a removal', async () => {
    const probe = await start(1);
    await copySamplePackages(probe.daemon.packages.dir);
    const used = sizeOf(probe.daemon.packages.dir);
    await probe.stop();
    const d = await start(used + 32 * KiB);
    await copySamplePackages(d.daemon.packages.dir);
    const data = linuxPackage({ padBytes: 40 * KiB });
    const name = linuxPackageName('9.50.0.0');
    const progress = progressOf(d.daemon.packages.activity, name);
    let ended!: () => void;
    const callEnded = new Promise<void>((resolve) => (ended = resolve));
    const written = untilReceived(d.daemon.packages.activity, name, 1);
    async function* content() {
      yield data.subarray(0, 1024);
      // The rest waits until the daemon has answered, which it does from the header alone
      // (or until it has written the first bytes, which it must not: the assertions say so).
      await Promise.race([callEnded, written]);
      yield data.subarray(1024);
    }
    const err = await expectGrpcError(
      d.client.uploadPackage(headerFor(name, data), content()).finally(ended),
      grpc.status.RESOURCE_EXHAUSTED,
      new RegExp(`^there is no room for ${name.replace(/\./g, '\\.')} \\(${data.length} bytes\\) in the repository ${d.daemon.packages.dir}: it holds ${used} bytes of its quota of ${used + 32 * KiB} bytes`),
    );
    assert.match(err.rawMessage, /free space with `mobilityctl packages rm NAME` \(`mobilityctl packages` lists them\) or raise repositoryQuotaBytes in mobilityd's config/);
    assert.deepEqual(progress, [], 'not a byte was written');
    await d.daemon.packages.activity.whenIdle();
    assert.equal(fs.readdirSync(d.daemon.packages.dir).length, 3, 'no temp file');

    const res = await fetch(`${d.restUrl}/v1/packages/${name}`, { method: 'PUT', body: data, headers: { 'x-content-sha256': sha256Of(data) } });
    assert.equal(res.status, 507, 'HTTP says Insufficient Storage');
    assert.equal(((await res.json()) as { code: string }).code, 'resource_exhausted');

    const listing = await d.client.listPackages();
    await d.client.deletePackage(listing.packages[0].name);
    await d.client.deletePackage(listing.packages[1].name);
    assert.equal((await d.client.uploadPackage(headerFor(name, data), chunksOf(data))).alreadyPresent, false, 'fits once space was freed');
  });

  it('finding 5: refused while streaming when the folder fills up meanwhile, and nothing of it is kept', async () => {
    const d = await start(16 * MiB);
    const data = linuxPackage({ padBytes: 3 * QUOTA_RECHECK_BYTES });
    const name = linuxPackageName('9.50.0.0');
    const progress = progressOf(d.daemon.packages.activity, name);
    const started = untilReceived(d.daemon.packages.activity, name, 1);
    const handPlaced = path.join(d.daemon.packages.dir, 'copied-by-hand.bin');
    async function* content() {
      yield data.subarray(0, 64 * KiB);
      await started;
      fs.writeFileSync(handPlaced, Buffer.alloc(16 * MiB - data.length + 1)); // now it no longer fits
      yield* chunksOf(data.subarray(64 * KiB), 64 * KiB);
    }
    await expectGrpcError(d.client.uploadPackage(headerFor(name, data), content()), grpc.status.RESOURCE_EXHAUSTED, /there is no room for .* it holds \d+ bytes of its quota of 16777216 bytes/);
    assert.ok(Math.max(...progress) < data.length, `refused midway (${Math.max(...progress)} of ${data.length} bytes received)`);
    await d.daemon.packages.activity.whenIdle();
    assert.deepEqual(fs.readdirSync(d.daemon.packages.dir), [path.basename(handPlaced)]);
  });

  it('finding 5: uploads in flight count: a second that would pass the quota with the first is refused, naming what is being uploaded', async () => {
    const first = linuxPackage({ padBytes: 600 * KiB });
    const second = linuxPackage({ padBytes: 600 * KiB });
    const d = await start(first.length + second.length - 1);
    const [firstName, secondName] = [linuxPackageName('9.50.0.0'), linuxPackageName('9.51.0.0')];
    const halfway = untilReceived(d.daemon.packages.activity, firstName, 64 * KiB);
    let refusal: ClientError | undefined;
    async function* content() {
      yield first.subarray(0, 64 * KiB);
      await halfway;
      refusal = await d.client.uploadPackage(headerFor(secondName, second), chunksOf(second)).then(
        () => undefined,
        (err: ClientError) => err,
      );
      yield* chunksOf(first.subarray(64 * KiB));
    }
    assert.equal((await d.client.uploadPackage(headerFor(firstName, first), content())).alreadyPresent, false);
    assert.equal(refusal?.code, 'resource_exhausted');
    assert.match(refusal!.rawMessage, new RegExp(`it holds 0 bytes of its quota of ${first.length + second.length - 1} bytes, and uploads in progress take ${first.length} more`));
    assert.deepEqual(fs.readdirSync(d.daemon.packages.dir), [firstName]);
  });
});
