/**
 * The package repository over HTTP: GET /v1/packages and PUT /v1/packages/:name
 * answer what gRPC answers, with HTTP's statuses, and keep nothing of a refused or
 * cut-off upload.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ListPackagesResponseSchema, UploadPackageResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { sha256Of } from '../helpers/package-archives';
import { nameOf, UBUNTU_930, useRepositoryDaemon } from '../helpers/package-repository';
import { samplePackage } from '../helpers/sample-packages';
import { untilReceived } from '../helpers/upload-activity';

const MAX_PACKAGE_BYTES = 1024 * 1024;

/** A real (sample) package's bytes: the repository stores only what a job can run (packages-content.test.ts). */
const sampleBytes = async (version: string) => fs.readFileSync((await samplePackage(version)).path);

describe('packages', () => {
  const { daemon, dir, put, folder } = useRepositoryDaemon({ maxPackageBytes: MAX_PACKAGE_BYTES });

  describe('REST', () => {
    const rest = (urlPath: string, init?: RequestInit) => fetch(`${daemon().restUrl}${urlPath}`, init);
    const putPackage = (name: string, data: Buffer, headers: Record<string, string> = { 'x-content-sha256': sha256Of(data) }) =>
      rest(`/v1/packages/${encodeURIComponent(name)}`, { method: 'PUT', body: data, headers });

    it('GET /v1/packages answers the protobuf JSON of what gRPC ListPackages answers', async () => {
      put(UBUNTU_930, Buffer.from('ubuntu'));
      put(nameOf('9.60.0.0', 'RHEL7-64', '01Jan2024'), Buffer.from('rhel'));
      const res = await rest('/v1/packages');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const body = fromJson(ListPackagesResponseSchema, (await res.json()) as JsonValue);
      assert.deepEqual(body, await daemon().client.listPackages());
      assert.equal(body.selectedPackage, UBUNTU_930);
    });

    it('PUT /v1/packages/:name stores the body (201), then answers an identical one with 200 already_present', async () => {
      const data = await sampleBytes('9.30.0.0');
      const first = await putPackage(UBUNTU_930, data);
      assert.equal(first.status, 201);
      const stored = fromJson(UploadPackageResponseSchema, (await first.json()) as JsonValue);
      assert.equal(stored.alreadyPresent, false);
      assert.equal(stored.package?.sha256, sha256Of(data));
      assert.deepEqual(fs.readFileSync(path.join(dir(), UBUNTU_930)), data);

      const again = await rest(`/v1/packages/${UBUNTU_930}?sha256=${sha256Of(data)}`, { method: 'PUT', body: data });
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
        message: `content sha256 ${sha256Of(data)} does not match the declared ${declared}; nothing was stored`,
      });
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
    });

    it('PUT without Content-Length answers 411', async () => {
      const res = await new Promise<{ status: number; body: { code: string; message: string } }>((resolve, reject) => {
        const url = new URL(`/v1/packages/${UBUNTU_930}`, daemon().restUrl);
        const req = http.request(url, { method: 'PUT', headers: { 'x-content-sha256': sha256Of(Buffer.from('abc')) } }, (r) => {
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
      const halfway = untilReceived(daemon().daemon.packages.activity, UBUNTU_930, data.length / 2);
      const url = new URL(`/v1/packages/${UBUNTU_930}`, daemon().restUrl);
      const req = http.request(url, {
        method: 'PUT',
        headers: { 'content-length': String(data.length), 'x-content-sha256': sha256Of(data) },
      });
      const failed = new Promise<void>((resolve) => req.on('error', () => resolve()));
      req.write(data.subarray(0, data.length / 2));
      await halfway;
      req.destroy();
      await failed;
      await daemon().daemon.packages.activity.whenIdle();
      assert.deepEqual(folder(), []);
      assert.deepEqual((await (await rest('/v1/packages')).json()) as JsonValue, { repositoryPath: dir() });
    });
  });
});
