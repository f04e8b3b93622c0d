/**
 * The package repository through the real APIs: ListPackages and UploadPackage
 * over gRPC (AgentControlClient), and GET/PUT /v1/packages over HTTP, against an
 * in-process daemon whose repository folder is a real folder. Waiting is
 * event-driven: the repository's upload activity says when a chunk has landed
 * and when every upload has settled (its temp file removed); nothing sleeps.
 */
import { create, fromJson, type JsonValue, type MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import {
  AgentControl,
  ListPackagesResponseSchema,
  UploadPackageRequestSchema,
  UploadPackageResponseSchema,
} from '../gen/mobility/v1/agent_control_pb';
import { AppError } from '../server/core/errors/app-error';
import { FileHashCache } from '../server/core/packages/file-hash-cache';
import type { UploadActivity } from '../server/core/packages/upload-activity';
import { grpcServiceDefinition } from '../server/grpc/service-definition';
import { samplePackage } from './helpers/sample-packages';
import { makeSandbox } from './helpers/sandbox';
import { startTestDaemon, type TestDaemon } from './helpers/test-daemon';

const HOST_TAG = 'UBUNTU-20.04-64'; // the sandbox's os-release is Ubuntu 20.04
const MAX_PACKAGE_BYTES = 1024 * 1024;
const CHUNK = 16 * 1024;

const nameOf = (version: string, tag: string, date: string) =>
  `Microsoft-ASR_UA_${version}_${tag}_GA_${date}_release.${tag === 'Windows' ? 'exe' : 'tar.gz'}`;
const UBUNTU_930 = nameOf('9.30.0.0', HOST_TAG, '22Oct2019');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const headerOf = (name: string, data: Buffer) => ({ name, sha256: sha256(data), sizeBytes: data.length });
/** A real (sample) package's bytes: the repository stores only what a job can run (packages-content.test.ts). */
const sampleBytes = async (version: string) => fs.readFileSync((await samplePackage(version)).path);

async function* chunksOf(data: Buffer, size = CHUNK): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

/** Resolves once the daemon has received and written `bytes` of the upload named `name`. */
function untilReceived(activity: UploadActivity, name: string, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const onProgress = (uploaded: string, received: number) => {
      if (uploaded !== name || received < bytes) return;
      activity.off('progress', onProgress);
      resolve();
    };
    activity.on('progress', onProgress);
  });
}

/** gRPC failures: the status code and the message the daemon wrote. */
async function rejectsWith(promise: Promise<unknown>, code: grpc.status, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    assert.match(err.details, message);
    return true;
  });
}

describe('packages', () => {
  let t: TestDaemon;
  let dir: string;

  beforeEach(async () => {
    t = await startTestDaemon({ config: { maxPackageBytes: MAX_PACKAGE_BYTES } });
    dir = t.daemon.packages.dir;
  });
  afterEach(async () => {
    await t.stop();
  });

  const put = (name: string, data: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    return file;
  };
  /** Everything in the folder, hidden files included: what a half-done upload would leave. */
  const folder = () => fs.readdirSync(dir).sort();
  const upload = (name: string, data: Buffer, options?: { signal?: AbortSignal }) =>
    t.client.uploadPackage(headerOf(name, data), chunksOf(data), options);

  describe('ListPackages', () => {
    it('answers an empty repository with its folder', async () => {
      const listing = await t.client.listPackages();
      assert.deepEqual(listing.packages, []);
      assert.equal(listing.selectedPackage, '');
      assert.equal(listing.repositoryPath, dir);
    });

    it('lists newest version first, then newest date, and selects the newest for the host', async () => {
      const files = {
        old: put(UBUNTU_930, Buffer.from('ubuntu 9.30')),
        newer: put(nameOf('9.56.0.0', HOST_TAG, '03Mar2023'), Buffer.from('ubuntu 9.56 March')),
        newest: put(nameOf('9.56.0.0', HOST_TAG, '20Apr2023'), Buffer.from('ubuntu 9.56 April')),
        rhel: put(nameOf('9.60.0.0', 'RHEL7-64', '01Jan2024'), Buffer.from('rhel 9.60')),
        windows: put(nameOf('9.9.0.0', 'Windows', '01Jan2018'), Buffer.from('windows 9.9')),
      };
      // Not packages: other files, an upload in progress, a folder with a package's name.
      put('README.txt', Buffer.from('notes'));
      put('.upload-0123456789abcdef01234567.partial', Buffer.from('half'));
      fs.mkdirSync(path.join(dir, nameOf('9.99.0.0', HOST_TAG, '01Jan2025')));

      const listing = await t.client.listPackages();
      assert.deepEqual(
        listing.packages.map((p) => p.name),
        [files.rhel, files.newest, files.newer, files.old, files.windows].map((f) => path.basename(f)),
        '9.60 > 9.56 (April > March) > 9.30 > 9.9: versions compare as numbers',
      );
      assert.equal(listing.selectedPackage, path.basename(files.newest));
      assert.deepEqual(
        listing.packages.map((p) => p.matchesHost),
        [false, true, true, true, false],
      );
      const first = listing.packages[1];
      assert.equal(first.version, '9.56.0.0');
      assert.equal(first.osTag, HOST_TAG);
      assert.equal(first.releaseDate, '20Apr2023');
      assert.equal(first.sizeBytes, BigInt('ubuntu 9.56 April'.length));
      assert.equal(first.sha256, sha256(Buffer.from('ubuntu 9.56 April')));
    });

    it('reports the new hash when a file is replaced in place', async () => {
      const file = put(UBUNTU_930, Buffer.from('first'));
      assert.equal((await t.client.listPackages()).packages[0].sha256, sha256(Buffer.from('first')));
      fs.writeFileSync(file, Buffer.from('second, longer'));
      assert.equal((await t.client.listPackages()).packages[0].sha256, sha256(Buffer.from('second, longer')));
    });
  });

  describe('find and newestFor', () => {
    it('finds a package by name and the newest for an OS tag', async () => {
      put(UBUNTU_930, Buffer.from('a'));
      put(nameOf('9.56.0.0', HOST_TAG, '03Mar2023'), Buffer.from('b'));
      const found = await t.daemon.packages.find(UBUNTU_930, HOST_TAG);
      assert.equal(found.path, path.join(dir, UBUNTU_930));
      assert.equal(found.package.sha256, sha256(Buffer.from('a')));
      assert.equal((await t.daemon.packages.newestFor(HOST_TAG))?.package.version, '9.56.0.0');
      assert.equal(await t.daemon.packages.newestFor('RHEL5-64'), undefined);
    });

    it('says where the repository is and how to add a package that is missing', async () => {
      await assert.rejects(
        t.daemon.packages.find(UBUNTU_930, HOST_TAG),
        (err: AppError) =>
          err.code === 'not_found' && err.message.includes(dir) && err.message.includes('mobilityctl push <file>') && err.message.includes(`copy the installer file into ${dir}`),
      );
      await assert.rejects(t.daemon.packages.find('../../etc/passwd', HOST_TAG), (err: AppError) => err.code === 'invalid_argument');
    });
  });

  describe('UploadPackage', () => {
    it('stores a package that appears only once it is complete and verified', async () => {
      const data = await sampleBytes('9.30.0.0');
      const final = path.join(dir, UBUNTU_930);
      const half = Math.floor(data.length / 2);
      const halfway = untilReceived(t.daemon.packages.activity, UBUNTU_930, half);
      let seenMidway: { listed: number; final: boolean; hidden: string[] } | undefined;
      async function* content() {
        yield* chunksOf(data.subarray(0, half));
        await halfway;
        seenMidway = {
          listed: (await t.client.listPackages()).packages.length,
          final: fs.existsSync(final),
          hidden: folder(),
        };
        yield* chunksOf(data.subarray(half));
      }
      const response = await t.client.uploadPackage(headerOf(UBUNTU_930, data), content());

      assert.equal(seenMidway?.listed, 0, 'a half-received package is not listed');
      assert.equal(seenMidway?.final, false, 'nor does it exist under its name');
      assert.match(seenMidway?.hidden.join() ?? '', /^\.upload-[0-9a-f]+\.partial$/, 'only a hidden temp file exists meanwhile');
      assert.equal(response.alreadyPresent, false);
      assert.equal(response.package?.name, UBUNTU_930);
      assert.equal(response.package?.sha256, sha256(data));
      assert.equal(response.package?.sizeBytes, BigInt(data.length));
      assert.equal(response.package?.matchesHost, true);
      assert.deepEqual(fs.readFileSync(final), data);
      if (process.platform !== 'win32') assert.equal(fs.statSync(final).mode & 0o777, 0o644);
      assert.deepEqual(folder(), [UBUNTU_930], 'the temp file is gone');
      const listing = await t.client.listPackages();
      assert.deepEqual(listing.packages, [response.package]);
      assert.equal(listing.selectedPackage, UBUNTU_930);
    });

    it('answers an identical re-upload with already_present and leaves the file untouched', async () => {
      const data = await sampleBytes('9.30.0.0');
      await upload(UBUNTU_930, data);
      const before = fs.statSync(path.join(dir, UBUNTU_930));
      const again = await upload(UBUNTU_930, data);
      const after = fs.statSync(path.join(dir, UBUNTU_930));
      assert.equal(again.alreadyPresent, true);
      assert.equal(again.package?.sha256, sha256(data));
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
      const declared = sha256(Buffer.from('not this'));
      await rejectsWith(
        t.client.uploadPackage({ name: UBUNTU_930, sha256: declared, sizeBytes: data.length }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        new RegExp(`content sha256 ${sha256(data)} does not match the declared ${declared}; nothing was stored`),
      );
      await t.daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
      assert.deepEqual((await t.client.listPackages()).packages, []);
    });

    it('refuses more or fewer bytes than declared and stores nothing', async () => {
      const data = randomBytes(40 * 1024);
      await rejectsWith(
        t.client.uploadPackage({ ...headerOf(UBUNTU_930, data), sizeBytes: data.length - 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /more than the declared size_bytes \(40959\) arrived; nothing was stored/,
      );
      await rejectsWith(
        t.client.uploadPackage({ ...headerOf(UBUNTU_930, data), sizeBytes: data.length + 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /ended after 40960 of the declared 40961 bytes/,
      );
      await t.daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });

    for (const how of ['the client cancels (abort signal)', 'the content source fails']) {
      it(`keeps nothing of an upload cut off halfway: ${how}`, async () => {
        const data = randomBytes(512 * 1024);
        const half = data.length / 2;
        const halfway = untilReceived(t.daemon.packages.activity, UBUNTU_930, half);
        const controller = new AbortController();
        async function* content() {
          yield* chunksOf(data.subarray(0, half));
          await halfway; // the daemon holds half the package in its temp file
          if (how.includes('abort')) controller.abort();
          else throw new Error('disk of the sender failed');
          yield* chunksOf(data.subarray(half));
        }
        await assert.rejects(t.client.uploadPackage(headerOf(UBUNTU_930, data), content(), { signal: controller.signal }));
        await t.daemon.packages.activity.whenIdle();
        assert.equal(t.daemon.packages.activity.inFlight, 0);
        assert.deepEqual(folder(), [], 'no temp file and no package');
        assert.deepEqual((await t.client.listPackages()).packages, []);
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
        t.client.uploadPackage({ name: UBUNTU_930, sha256: 'abc', sizeBytes: 1 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /sha256 "abc" is not 64 hex digits/,
      );
      await rejectsWith(
        t.client.uploadPackage({ name: UBUNTU_930, sha256: sha256(data), sizeBytes: 0 }, chunksOf(data)),
        grpc.status.INVALID_ARGUMENT,
        /size_bytes must be the package's size in bytes, more than 0/,
      );
      assert.deepEqual(folder(), []);
      assert.deepEqual(fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith('Microsoft')), [], 'nothing escaped the folder');
    });

    it('refuses a stream without a header first', async () => {
      const raw = (parts: MessageInitShape<typeof UploadPackageRequestSchema>['part'][]) =>
        new Promise<unknown>((resolve, reject) => {
          const client = new grpc.Client(t.address, grpc.credentials.createInsecure());
          const method = grpcServiceDefinition(AgentControl).uploadPackage;
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
          { case: 'header', value: { ...headerOf(UBUNTU_930, data), sizeBytes: BigInt(data.length) } },
          { case: 'header', value: { ...headerOf(UBUNTU_930, data), sizeBytes: BigInt(data.length) } },
        ]),
        grpc.status.INVALID_ARGUMENT,
        /takes one header, first/,
      );
      await t.daemon.packages.activity.whenIdle();
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
      assert.equal((refused[0].reason as grpc.ServiceError).code, grpc.status.ALREADY_EXISTS);
      const winner = outcomes.indexOf(stored[0]);
      assert.deepEqual(fs.readFileSync(path.join(dir, other)), contents[winner], 'the winner is stored whole, not mixed');
      await t.daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), [UBUNTU_930, other].sort());
    });
  });

  describe('REST', () => {
    const rest = (urlPath: string, init?: RequestInit) => fetch(`${t.restUrl}${urlPath}`, init);
    const putPackage = (name: string, data: Buffer, headers: Record<string, string> = { 'x-content-sha256': sha256(data) }) =>
      rest(`/v1/packages/${encodeURIComponent(name)}`, { method: 'PUT', body: data, headers });

    it('GET /v1/packages answers the protobuf JSON of what gRPC ListPackages answers', async () => {
      put(UBUNTU_930, Buffer.from('ubuntu'));
      put(nameOf('9.60.0.0', 'RHEL7-64', '01Jan2024'), Buffer.from('rhel'));
      const res = await rest('/v1/packages');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const body = fromJson(ListPackagesResponseSchema, (await res.json()) as JsonValue);
      assert.deepEqual(body, await t.client.listPackages());
      assert.equal(body.selectedPackage, UBUNTU_930);
    });

    it('PUT /v1/packages/:name stores the body (201), then answers an identical one with 200 already_present', async () => {
      const data = await sampleBytes('9.30.0.0');
      const first = await putPackage(UBUNTU_930, data);
      assert.equal(first.status, 201);
      const stored = fromJson(UploadPackageResponseSchema, (await first.json()) as JsonValue);
      assert.equal(stored.alreadyPresent, false);
      assert.equal(stored.package?.sha256, sha256(data));
      assert.deepEqual(fs.readFileSync(path.join(dir, UBUNTU_930)), data);

      const again = await rest(`/v1/packages/${UBUNTU_930}?sha256=${sha256(data)}`, { method: 'PUT', body: data });
      assert.equal(again.status, 200);
      assert.equal(fromJson(UploadPackageResponseSchema, (await again.json()) as JsonValue).alreadyPresent, true);
      assert.deepEqual(folder(), [UBUNTU_930]);
    });

    it('PUT with a wrong sha256 answers 400 invalid_argument and stores nothing', async () => {
      const data = randomBytes(10 * 1024);
      const declared = 'f'.repeat(64);
      const res = await putPackage(UBUNTU_930, data, { 'x-content-sha256': declared });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        code: 'invalid_argument',
        message: `content sha256 ${sha256(data)} does not match the declared ${declared}; nothing was stored`,
      });
      await t.daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });

    it('PUT without Content-Length answers 411', async () => {
      const res = await new Promise<{ status: number; body: { code: string; message: string } }>((resolve, reject) => {
        const url = new URL(`/v1/packages/${UBUNTU_930}`, t.restUrl);
        const req = http.request(url, { method: 'PUT', headers: { 'x-content-sha256': sha256(Buffer.from('abc')) } }, (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (d: string) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.write('abc'); // no length given: Node sends the body chunked
        req.end();
      });
      assert.equal(res.status, 411);
      assert.equal(res.body.code, 'invalid_argument');
      assert.match(res.body.message, /needs a Content-Length header/);
      assert.deepEqual(folder(), []);
    });

    it('PUT over maxPackageBytes answers 413 resource_exhausted; a bad name 400; an existing different one 409', async () => {
      const big = await putPackage(UBUNTU_930, randomBytes(MAX_PACKAGE_BYTES + 1));
      assert.equal(big.status, 413);
      const bigBody = (await big.json()) as { code: string; message: string };
      assert.equal(bigBody.code, 'resource_exhausted');
      assert.match(bigBody.message, new RegExp(`\\(${MAX_PACKAGE_BYTES} bytes\\)`));

      const traversal = await putPackage(`../../${UBUNTU_930}`, Buffer.from('x'));
      assert.equal(traversal.status, 400);
      assert.match(((await traversal.json()) as { message: string }).message, /never a path/);

      put(UBUNTU_930, Buffer.from('original'));
      const clash = await putPackage(UBUNTU_930, Buffer.from('different'));
      assert.equal(clash.status, 409);
      assert.equal(((await clash.json()) as { code: string }).code, 'already_exists');
      assert.deepEqual(folder(), [UBUNTU_930]);
    });

    it('keeps nothing when the HTTP client disconnects midway', async () => {
      const data = randomBytes(256 * 1024);
      const halfway = untilReceived(t.daemon.packages.activity, UBUNTU_930, data.length / 2);
      const url = new URL(`/v1/packages/${UBUNTU_930}`, t.restUrl);
      const req = http.request(url, {
        method: 'PUT',
        headers: { 'content-length': String(data.length), 'x-content-sha256': sha256(data) },
      });
      const failed = new Promise<void>((resolve) => req.on('error', () => resolve()));
      req.write(data.subarray(0, data.length / 2));
      await halfway;
      req.destroy();
      await failed;
      await t.daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
      assert.deepEqual((await (await rest('/v1/packages')).json()) as JsonValue, { repositoryPath: dir });
    });
  });

  describe('housekeeping', () => {
    it('finding 4: removes every temp file a previous daemon left behind, however recent', async () => {
      const sandbox = makeSandbox();
      const repository = path.join(sandbox.stateDir, 'repository');
      fs.mkdirSync(repository, { recursive: true });
      const stale = path.join(repository, '.upload-aaaaaaaaaaaaaaaaaaaaaaaa.partial');
      const recent = path.join(repository, '.upload-bbbbbbbbbbbbbbbbbbbbbbbb.partial');
      fs.writeFileSync(stale, 'left by a crash');
      fs.writeFileSync(recent, 'left by a crash a moment ago');
      const hourAgo = new Date(Date.now() - 3600_000);
      fs.utimesSync(stale, hourAgo, hourAgo);
      const other = await startTestDaemon({ sandbox });
      try {
        assert.deepEqual((await other.daemon.packages.startupCleanup).sort(), [stale, recent].sort());
        assert.deepEqual(fs.readdirSync(repository), []);
      } finally {
        await other.stop();
        sandbox.remove();
      }
    });

    it('hashes a file once per version: an unchanged file is never read again', async () => {
      const file = put(UBUNTU_930, Buffer.from('original content'));
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(file, old, old);
      const cache = new FileHashCache();
      const first = await cache.sha256(file, fs.statSync(file));
      assert.equal(first, sha256(Buffer.from('original content')));
      // Same size, same inode, mtime put back: a cache that re-read the file would see the change.
      fs.writeFileSync(file, Buffer.from('CHANGED content!'.slice(0, 'original content'.length)));
      fs.utimesSync(file, old, old);
      assert.equal(await cache.sha256(file, fs.statSync(file)), first);
      // A real change of identity (here the mtime) is hashed again.
      fs.utimesSync(file, new Date(), new Date());
      assert.equal(await cache.sha256(file, fs.statSync(file)), sha256(fs.readFileSync(file)));
    });
  });
});
