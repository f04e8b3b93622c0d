/**
 * UploadPackage over gRPC against an in-process daemon whose repository folder is a
 * real folder: a package appears only once complete and verified, and nothing of a
 * refused or cut-off upload stays. Waiting is event-driven: the repository's upload
 * activity says when a chunk has landed and when every upload has settled.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientError } from '../../client/errors/client-error';
import { serviceDefinition } from '../../contract/service-definition';
import { AgentControl, UploadPackageRequestSchema } from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { chunksOf, headerFor, sha256Of } from '../helpers/package-archives';
import { HOST_TAG, nameOf, UBUNTU_930, useRepositoryDaemon } from '../helpers/package-repository';
import { samplePackage } from '../helpers/sample-packages';
import { untilReceived } from '../helpers/upload-activity';

const MAX_PACKAGE_BYTES = 1024 * 1024;

/** A real (sample) package's bytes: the repository stores only what a job can run (packages-content.test.ts). */
const sampleBytes = async (version: string) => fs.readFileSync((await samplePackage(version)).path);

/** gRPC failures: the status code and the message the daemon wrote. */
async function rejectsWith(promise: Promise<unknown>, code: grpc.status, message: RegExp): Promise<void> {
  await expectGrpcError(promise, code, message);
}

describe('packages', () => {
  const { daemon, dir, put, folder, upload } = useRepositoryDaemon({ maxPackageBytes: MAX_PACKAGE_BYTES });

  describe('UploadPackage', () => {
    it('stores a package that appears only once it is complete and verified', async () => {
      const data = await sampleBytes('9.30.0.0');
      const final = path.join(dir(), UBUNTU_930);
      const half = Math.floor(data.length / 2);
      const halfway = untilReceived(daemon().daemon.packages.activity, UBUNTU_930, half);
      let seenMidway: { listed: number; final: boolean; hidden: string[] } | undefined;
      async function* content() {
        yield* chunksOf(data.subarray(0, half));
        await halfway;
        seenMidway = {
          listed: (await daemon().client.listPackages()).packages.length,
          final: fs.existsSync(final),
          hidden: folder(),
        };
        yield* chunksOf(data.subarray(half));
      }
      const response = await daemon().client.uploadPackage(headerFor(UBUNTU_930, data), content());

      assert.equal(seenMidway?.listed, 0, 'a half-received package is not listed');
      assert.equal(seenMidway?.final, false, 'nor does it exist under its name');
      assert.match(seenMidway?.hidden.join() ?? '', /^\.upload-[0-9a-f]+\.partial$/, 'only a hidden temp file exists meanwhile');
      assert.equal(response.alreadyPresent, false);
      assert.equal(response.package?.name, UBUNTU_930);
      assert.equal(response.package?.sha256, sha256Of(data));
      assert.equal(response.package?.sizeBytes, BigInt(data.length));
      assert.equal(response.package?.matchesHost, true);
      assert.deepEqual(fs.readFileSync(final), data);
      if (process.platform !== 'win32') assert.equal(fs.statSync(final).mode & 0o777, 0o644);
      assert.deepEqual(folder(), [UBUNTU_930], 'the temp file is gone');
      const listing = await daemon().client.listPackages();
      assert.deepEqual(listing.packages, [response.package]);
      assert.equal(listing.selectedPackage, UBUNTU_930);
    });

    it('answers an identical re-upload with already_present and leaves the file untouched', async () => {
      const data = await sampleBytes('9.30.0.0');
      await upload(UBUNTU_930, data);
      const before = fs.statSync(path.join(dir(), UBUNTU_930));
      const again = await upload(UBUNTU_930, data);
      const after = fs.statSync(path.join(dir(), UBUNTU_930));
      assert.equal(again.alreadyPresent, true);
      assert.equal(again.package?.sha256, sha256Of(data));
      assert.equal(after.ino, before.ino);
      assert.equal(after.mtimeMs, before.mtimeMs);
      assert.deepEqual(folder(), [UBUNTU_930]);
    });

    it('refuses different content under an existing name with ALREADY_EXISTS', async () => {
      const original = put(UBUNTU_930, Buffer.from('the original'));
      await rejectsWith(
        upload(UBUNTU_930, Buffer.from('something else')),
        grpc.status.ALREADY_EXISTS,
        /a different package named ".*9\.30\.0\.0.*" is already in the repository; remove it first or give the new one another name/,
      );
      assert.equal(fs.readFileSync(original, 'utf8'), 'the original');
      assert.deepEqual(folder(), [UBUNTU_930]);
    });

    it('refuses content whose sha256 differs from the declared one and stores nothing', async () => {
      const data = randomBytes(40 * 1024);
      const declared = sha256Of(Buffer.from('not this'));
      await rejectsWith(
        daemon().client.uploadPackage({ name: UBUNTU_930, sha256: declared, sizeBytes: data.length }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        new RegExp(`content sha256 ${sha256Of(data)} does not match the declared ${declared}; nothing was stored`),
      );
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
      assert.deepEqual((await daemon().client.listPackages()).packages, []);
    });

    it('refuses more or fewer bytes than declared and stores nothing', async () => {
      const data = randomBytes(40 * 1024);
      await rejectsWith(
        daemon().client.uploadPackage({ ...headerFor(UBUNTU_930, data), sizeBytes: data.length - 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /more than the declared size_bytes \(40959\) arrived; nothing was stored/,
      );
      await rejectsWith(
        daemon().client.uploadPackage({ ...headerFor(UBUNTU_930, data), sizeBytes: data.length + 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /ended after 40960 of the declared 40961 bytes/,
      );
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });

    for (const how of ['the client cancels (abort signal)', 'the content source fails']) {
      it(`keeps nothing of an upload cut off halfway: ${how}`, async () => {
        const data = randomBytes(512 * 1024);
        const half = data.length / 2;
        const halfway = untilReceived(daemon().daemon.packages.activity, UBUNTU_930, half);
        const controller = new AbortController();
        async function* content() {
          yield* chunksOf(data.subarray(0, half));
          await halfway; // the daemon holds half the package in its temp file
          if (how.includes('abort')) controller.abort();
          else throw new Error('disk of the sender failed');
          yield* chunksOf(data.subarray(half));
        }
        await assert.rejects(daemon().client.uploadPackage(headerFor(UBUNTU_930, data), content(), { signal: controller.signal }));
        await daemon().daemon.packages.activity.whenIdle();
        assert.equal(daemon().daemon.packages.activity.inFlight, 0);
        assert.deepEqual(folder(), [], 'no temp file and no package');
        assert.deepEqual((await daemon().client.listPackages()).packages, []);
      });
    }

    it('refuses a package bigger than maxPackageBytes before any content, naming the limit', async () => {
      const data = randomBytes(MAX_PACKAGE_BYTES + 1);
      await rejectsWith(
        upload(UBUNTU_930, data),
        grpc.status.RESOURCE_EXHAUSTED,
        new RegExp(`${MAX_PACKAGE_BYTES + 1} bytes, more than this daemon accepts \\(${MAX_PACKAGE_BYTES} bytes\\); raise maxPackageBytes`),
      );
      assert.deepEqual(folder(), []);
    });

    it('refuses malformed headers: a bad or traversing name, a bad sha256, a zero size', async () => {
      const data = Buffer.from('x');
      await rejectsWith(upload('setup.exe', data), grpc.status.INVALID_ARGUMENT, /not an installer file name.*e\.g\. Microsoft-ASR_UA_9\.30\.0\.0/);
      await rejectsWith(upload(`../${UBUNTU_930}`, data), grpc.status.INVALID_ARGUMENT, /never a path/);
      await rejectsWith(
        daemon().client.uploadPackage({ name: UBUNTU_930, sha256: 'abc', sizeBytes: 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /sha256 "abc" is not 64 hex digits/,
      );
      await rejectsWith(
        daemon().client.uploadPackage({ name: UBUNTU_930, sha256: sha256Of(data), sizeBytes: 0 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /size_bytes must be the package's size in bytes, more than 0/,
      );
      assert.deepEqual(folder(), []);
      assert.deepEqual(fs.readdirSync(path.dirname(dir())).filter((f) => f.startsWith('Microsoft')), [], 'nothing escaped the folder');
    });

    it('refuses a stream without a header first', async () => {
      const raw = (parts: MessageInitShape<typeof UploadPackageRequestSchema>['part'][]) =>
        new Promise<unknown>((resolve, reject) => {
          const client = new grpc.Client(daemon().address, grpc.credentials.createInsecure());
          const method = serviceDefinition(AgentControl).uploadPackage;
          const call = client.makeClientStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, (err, response) => {
            client.close();
            if (err) reject(err);
            else resolve(response);
          });
          for (const part of parts) call.write(create(UploadPackageRequestSchema, { part }));
          call.end();
        });
      const header = /the first UploadPackage message must be the header \(name, sha256, size_bytes\)/;
      await rejectsWith(raw([{ case: 'chunk', value: Buffer.from('content') }]), grpc.status.INVALID_ARGUMENT, header);
      await rejectsWith(raw([]), grpc.status.INVALID_ARGUMENT, header);
      const data = Buffer.from('content');
      await rejectsWith(
        raw([
          { case: 'header', value: { ...headerFor(UBUNTU_930, data), sizeBytes: BigInt(data.length) } },
          { case: 'header', value: { ...headerFor(UBUNTU_930, data), sizeBytes: BigInt(data.length) } },
        ]),
        grpc.status.INVALID_ARGUMENT,
        /takes one header, first/,
      );
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });

    it('commits exactly one of two concurrent uploads of the same name', async () => {
      const same = await sampleBytes('9.30.0.0');
      const both = await Promise.all([upload(UBUNTU_930, same), upload(UBUNTU_930, same)]);
      assert.deepEqual(both.map((r) => r.alreadyPresent).sort(), [false, true]);

      const other = nameOf('9.31.0.0', HOST_TAG, '22Nov2019');
      const contents = [await sampleBytes('9.30.0.0'), await sampleBytes('9.40.0.0')];
      const outcomes = await Promise.allSettled(contents.map((data) => upload(other, data)));
      const stored = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(stored.length, 1);
      assert.equal(refused.length, 1);
      assert.equal((refused[0].reason as ClientError).code, 'already_exists');
      const winner = outcomes.indexOf(stored[0]);
      assert.deepEqual(fs.readFileSync(path.join(dir(), other)), contents[winner], 'the winner is stored whole, not mixed');
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), [UBUNTU_930, other].sort());
    });
  });
});
