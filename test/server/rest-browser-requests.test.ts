/**
 * Finding 1 of issue 7: requests a web page can make to the local REST API.
 * A browser sends "simple" requests (text/plain, form-urlencoded, multipart, no
 * body type) cross-site without asking first, and DNS rebinding lets a page
 * reach every route under its own host name. Each request below is exactly one
 * of those; each must be refused and leave no job (or package) behind. Every
 * request goes to 127.0.0.1; a foreign Host is only a header.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { type JobDaemon, useJobDaemon } from '../helpers/job-daemon';
import { AcceptedHosts } from '../../server/rest/accepted-hosts';
import { rawRequest, type RawResponse } from '../helpers/raw-http';
import { samplePackage } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

const INSTALL_JSON = JSON.stringify({ role: 'AGENT_ROLE_MOBILITY_SERVICE', platform: 'PLATFORM_VMWARE' });
const REGISTER_JSON = JSON.stringify({ registration: { csEndpoint: '10.0.0.5', passphrase: 'x' } });

function assertRefused(res: RawResponse, status: number, code: string, message: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.json?.code, code, res.text);
  assert.match(res.json?.message ?? '', message);
  assert.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS headers for a refused request');
}

/** Raw requests to a daemon's REST API, and the check that none of them started a job. */
function restOf(daemon: () => JobDaemon) {
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    rawRequest({ base: daemon().restUrl, method, path, headers, body });

  async function assertNoJob(): Promise<void> {
    assert.deepEqual((await daemon().client.listJobs()).jobs, [], 'ListJobs over gRPC shows no job');
    const res = await send('GET', '/v1/jobs');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, {}, 'GET /v1/jobs shows no job');
  }
  return { send, assertNoJob };
}

describe('finding 1: requests a web page can make to the local REST API', function () {
  this.timeout(60_000);

  describe('content types', () => {
    const daemon = useJobDaemon({ shared: true });
    const { send, assertNoJob } = restOf(daemon);

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', undefined]) {
      it(`finding 1: POST /v1/install with ${contentType ? `Content-Type ${contentType}` : 'no Content-Type'} answers 415 and starts no job`, async () => {
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        const res = await send('POST', '/v1/install', headers, INSTALL_JSON);
        assertRefused(res, 415, 'invalid_argument', /Content-Type: application\/json/);
        assert.match(res.json!.message!, contentType ? new RegExp(`not ${contentType.split(';')[0]}`) : /none was sent/);
        await assertNoJob();
      });
    }

    it('finding 1: POST /v1/register and POST /v1/jobs/ID/cancel without application/json answer 415', async () => {
      assertRefused(await send('POST', '/v1/register', { 'content-type': 'text/plain' }, REGISTER_JSON), 415, 'invalid_argument', /application\/json/);
      // A bodiless POST is what fetch(url, {method: 'POST', mode: 'no-cors'}) sends: refused too.
      assertRefused(await send('POST', '/v1/jobs/0000000aa-00000000/cancel'), 415, 'invalid_argument', /application\/json/);
      assertRefused(await send('POST', '/v1/jobs/0000000aa-00000000/cancel', { 'content-type': 'text/plain' }, '{}'), 415, 'invalid_argument', /application\/json/);
      await assertNoJob();
    });

    it('finding 1: application/json, with or without charset=utf-8, is accepted', async () => {
      for (const contentType of ['application/json', 'Application/JSON; charset=UTF-8']) {
        const res = await send('POST', '/v1/install', { 'content-type': contentType }, '{}');
        assertRefused(res, 400, 'invalid_argument', /^role is required/); // got past the content type
      }
      assertRefused(await send('POST', '/v1/install', { 'content-type': 'application/json; charset=latin1' }, '{}'), 415, 'invalid_argument', /utf-8/);
      const cancel = await send('POST', '/v1/jobs/0000000aa-00000000/cancel', { 'content-type': 'application/json' });
      assertRefused(cancel, 404, 'not_found', /there is no job/);
      await assertNoJob();
    });
  });

  describe('Host and Origin', () => {
    let port: string;
    const daemon = useJobDaemon({ config: { allowedHosts: ['mobility.example.internal'], allowedOrigins: ['https://ops.example.com'] }, shared: true });
    const { send, assertNoJob } = restOf(daemon);
    before(() => {
      port = new URL(daemon().restUrl).port;
    });

    it('finding 1: a foreign Host (DNS rebinding) answers 421 on every route, naming the accepted names and --allowed-host, and starts no job', async () => {
      const host = { host: `attacker.example:${port}` };
      const res = await send('POST', '/v1/install', { ...host, 'content-type': 'application/json' }, INSTALL_JSON);
      assertRefused(res, 421, 'invalid_argument', /Host "attacker\.example:\d+"/);
      assert.match(res.json!.message!, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.match(res.json!.message!, new RegExp(`localhost:${port}`));
      assert.match(res.json!.message!, /mobility\.example\.internal/);
      assert.match(res.json!.message!, /--allowed-host/);
      for (const [method, path] of [
        ['GET', '/v1/status'],
        ['GET', '/v1/logs/installer?follow=true'],
        ['GET', '/v1/jobs'],
        ['GET', '/healthz'],
        ['POST', '/v1/jobs/x/cancel'],
        ['GET', '/nowhere'],
      ]) {
        assertRefused(await send(method, path, { ...host, 'content-type': 'application/json' }), 421, 'invalid_argument', /--allowed-host/);
      }
      // 127.0.0.1 under another port is another server.
      assertRefused(await send('GET', '/v1/status', { host: '127.0.0.1:1' }), 421, 'invalid_argument', /Host "127\.0\.0\.1:1"/);
      await assertNoJob();
    });

    it('finding 1: a foreign Origin answers 403 with no CORS headers, preflight included, and starts no job', async () => {
      const origin = { origin: 'https://attacker.example' };
      const res = await send('POST', '/v1/install', { ...origin, 'content-type': 'application/json' }, INSTALL_JSON);
      assertRefused(res, 403, 'permission_denied', /Origin "https:\/\/attacker\.example" is not allowed.*--allowed-origin/);
      assertRefused(await send('GET', '/v1/status', origin), 403, 'permission_denied', /--allowed-origin/);
      assertRefused(await send('GET', '/v1/status', { origin: 'null' }), 403, 'permission_denied', /Origin "null"/);
      const preflight = await send('OPTIONS', '/v1/install', { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
      assertRefused(preflight, 403, 'permission_denied', /--allowed-origin/);
      await assertNoJob();
    });

    it('finding 1: a configured origin gets CORS: a preflight answer, then the response to its request', async () => {
      const origin = { origin: 'https://ops.example.com' };
      const preflight = await send('OPTIONS', '/v1/install', {
        ...origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      assert.equal(preflight.status, 204, preflight.text);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://ops.example.com');
      assert.match(String(preflight.headers['access-control-allow-methods']), /\bPOST\b/);
      assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/i);
      assert.match(String(preflight.headers.vary), /Origin/);
      const res = await send('POST', '/v1/install', { ...origin, 'content-type': 'application/json' }, INSTALL_JSON);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['access-control-allow-origin'], 'https://ops.example.com');
      const id = (res.json as { job: { id: string } }).job.id;
      await daemon().finish(id);
      assert.deepEqual((await daemon().client.listJobs()).jobs.map((j) => j.id), [id]);
      const status = await send('GET', '/v1/status', origin);
      assert.equal(status.status, 200);
      assert.equal(status.headers['access-control-allow-origin'], 'https://ops.example.com');
      const plain = await send('GET', '/v1/status');
      assert.equal(plain.headers['access-control-allow-origin'], undefined, 'no CORS headers without an Origin');
    });

    it('finding 1: a configured extra Host name, localhost and the bound address pass', async () => {
      for (const host of [`mobility.example.internal:${port}`, 'MOBILITY.example.internal', `localhost:${port}`, `127.0.0.1:${port}`]) {
        const res = await send('GET', '/v1/status', { host });
        assert.equal(res.status, 200, `${host}: ${res.text}`);
      }
    });
  });

  describe('uploads', () => {
    const daemon = useTestDaemon({ shared: true });

    it('finding 1: an upload under a foreign Host answers 421 and stores nothing; under the bound address it is stored', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const body = fs.readFileSync(pkg.path);
      const upload = (host: string) =>
        rawRequest({ base: daemon().restUrl, method: 'PUT', path: `/v1/packages/${pkg.name}`, headers: { host, 'x-content-sha256': pkg.sha256 }, body });
      assertRefused(await upload(`attacker.example:${new URL(daemon().restUrl).port}`), 421, 'invalid_argument', /--allowed-host/);
      assert.deepEqual((await daemon().client.listPackages()).packages, []);
      const stored = await upload(new URL(daemon().restUrl).host);
      assert.equal(stored.status, 201, stored.text);
      assert.equal((await daemon().client.listPackages()).packages.length, 1);
    });
  });

  describe('a wildcard listen address', () => {
    // The rule itself, without binding 0.0.0.0: tests bind to loopback only.
    it("finding 1: 0.0.0.0 accepts the machine's host name and interface addresses, nothing else", () => {
      const port = 50052;
      const hosts = new AcceptedHosts([]);
      hosts.addBound(`0.0.0.0:${port}`);
      const addresses = Object.values(os.networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && a.family === 'IPv4')
        .map((a) => `${a!.address}:${port}`);
      for (const host of [`${os.hostname()}:${port}`, `localhost:${port}`, ...addresses]) {
        assert.ok(hosts.accepts(host, false), `${host} is accepted`);
      }
      assert.equal(hosts.accepts(`attacker.example:${port}`, false), false);
      assert.equal(hosts.accepts(`${os.hostname()}:${port + 1}`, false), false, 'another port is not this listener');
    });
  });
});
