/**
 * The OpenAPI document against the REST server that serves it: GET
 * /v1/openapi.json answers what the generator makes, every operation the
 * document lists is a route the daemon really has, and what the daemon really
 * answers has a status the document lists and a body its schemas accept.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { formatTokenFile, TOKEN_FILE_VERSION } from '../../server/core/access/token-file';
import { generateToken, hashToken } from '../../server/core/access/token-secret';
import { generateOpenApiDocument } from '../../scripts/openapi/generate-document';
import type { OpenApiDocument, OperationObject } from '../../server/rest/openapi/openapi-types';
import { ROUTES } from '../../server/rest/route-table';
import { useJobDaemon } from '../helpers/job-daemon';
import { openApiAnswers, type OpenApiAnswers } from '../helpers/openapi-answers';
import { rawRequest, type RawResponse } from '../helpers/raw-http';
import { startTestDaemon, useTestDaemon } from '../helpers/test-daemon';
import { useStarted } from '../helpers/use-started';

interface Call {
  method: string;
  /** The document's path, e.g. /v1/jobs/{id}. */
  template: string;
  /** The request's path (and query). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** notFoundRoute's answer (routes/not-found-route.ts), not a route's own 404 for a job or log it does not have. */
function isNoSuchRoute(res: RawResponse): boolean {
  return res.status === 404 && res.json?.code === 'not_found' && /^there is no route /.test(res.json.message ?? '');
}

/** The bodies of an answer, as the document describes them: each NDJSON line, a JSON value, or the text. */
function bodiesOf(res: RawResponse): unknown[] {
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('application/x-ndjson')) return res.text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  if (type.startsWith('application/json')) return [JSON.parse(res.text)];
  return [res.text];
}

/** A request for every operation, from the document alone: its parameters' examples, a minimal body. */
function sampleCall(method: string, template: string, operation: OperationObject): Call {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const example = operation.parameters?.find((parameter) => parameter.in === 'path' && parameter.name === name)?.example;
    assert.equal(typeof example, 'string', `${method} ${template}: path parameter ${name} has no example to call it with`);
    return encodeURIComponent(example as string);
  });
  const content = operation.requestBody?.content ?? {};
  if ('application/json' in content) return { method, template, path, headers: { 'content-type': 'application/json' }, body: '{}' };
  if ('application/octet-stream' in content) return { method, template, path, headers: { 'content-type': 'application/octet-stream' }, body: 'x' };
  return { method, template, path };
}

describe('OpenAPI document against the REST server', () => {
  let document: OpenApiDocument;
  let answers: OpenApiAnswers;
  before(() => {
    document = generateOpenApiDocument();
    answers = openApiAnswers(document);
  });

  /** Sends the call and checks the answer against the document: its status is listed, its bodies conform. */
  async function documentedCall(base: string, call: Call): Promise<RawResponse> {
    const res = await rawRequest({ base, method: call.method, path: call.path, headers: call.headers, body: call.body });
    const what = `${call.method} ${call.path} → ${res.status} ${res.text.slice(0, 300)}`;
    assert.ok(!isNoSuchRoute(res), `the daemon has no route for ${what}`);
    assert.ok(answers.statuses(call.method, call.template).includes(res.status), `status not documented: ${what}`);
    const answer = { method: call.method, path: call.template, status: res.status, contentType: String(res.headers['content-type']) };
    for (const body of bodiesOf(res)) assert.deepEqual(answers.errors(answer, body), [], `not as documented: ${what}`);
    return res;
  }

  describe('a daemon with no job and no package', () => {
    const daemon = useTestDaemon({ shared: true });

    it('GET /v1/openapi.json answers the generated document, as application/json', async () => {
      const res = await rawRequest({ base: daemon().restUrl, method: 'GET', path: '/v1/openapi.json' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(JSON.parse(res.text), JSON.parse(JSON.stringify(document)));
    });

    it('serves every operation the document lists, answering only statuses it lists, with bodies as it describes them', async () => {
      const base = daemon().restUrl;
      assert.ok(isNoSuchRoute(await rawRequest({ base, method: 'GET', path: '/v1/no-such-route' })), 'a route the daemon lacks is told apart');
      const called: string[] = [];
      for (const [template, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
          const res = await documentedCall(base, sampleCall(method.toUpperCase(), template, operation));
          called.push(`${method} ${template} ${res.status}`);
        }
      }
      assert.equal(called.length, ROUTES.length, called.join('\n'));
    });
  });

  describe('a daemon that needs credentials (--auth-tokens)', () => {
    const viewerToken = generateToken();
    const daemon = useStarted('the daemon with tokens', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-openapi-tokens-'));
      const tokens = path.join(dir, 'tokens.json');
      const entry = { name: 'dashboard', role: 'viewer' as const, hash: hashToken(viewerToken), created: new Date().toISOString() };
      fs.writeFileSync(tokens, formatTokenFile({ version: TOKEN_FILE_VERSION, tokens: [entry] }), { mode: 0o600 });
      const started = await startTestDaemon({ config: { authTokensFile: tokens } });
      return { ...started, stop: () => started.stop().finally(() => fs.rmSync(dir, { recursive: true, force: true })) };
    }, { shared: true });
    const call = (method: string, template: string, headers: Record<string, string> = {}, more: Partial<Call> = {}) =>
      documentedCall(daemon().restUrl, { method, template, path: template, headers, ...more });

    it('answers /v1/openapi.json and /healthz without one, as the document says', async () => {
      assert.equal((await call('GET', '/v1/openapi.json')).status, 200);
      assert.equal((await call('GET', '/healthz')).status, 200);
    });

    it('refuses a caller without one with the documented 401, and a viewer that changes the host with the documented 403', async () => {
      const anonymous = await call('GET', '/v1/status');
      assert.equal(anonymous.status, 401, anonymous.text);
      assert.match(String(anonymous.headers['www-authenticate']), /^Bearer/);
      const viewer = { authorization: `Bearer ${viewerToken}` };
      assert.equal((await call('GET', '/v1/status', viewer)).status, 200);
      const install = await call('POST', '/v1/install', { ...viewer, 'content-type': 'application/json' }, { body: '{}' });
      assert.equal(install.status, 403, install.text);
    });
  });

  describe('real answers of a daemon that ran an install', () => {
    const daemon = useJobDaemon({ shared: true });
    let job: Job;
    before(async () => {
      job = await daemon().finish((await daemon().install()).id);
    });
    const call = (method: string, template: string, path = template, more: Partial<Call> = {}) =>
      documentedCall(daemon().restUrl, { method, template, path, ...more });

    it('GET /v1/status, /v1/packages and /healthz conform to their schemas', async () => {
      const status = await call('GET', '/v1/status');
      assert.equal(status.status, 200);
      assert.ok(status.json?.daemon && status.json.os && status.json.agent, status.text);
      const packages = await call('GET', '/v1/packages');
      assert.ok((packages.json?.packages as unknown[]).length > 0, packages.text);
      assert.deepEqual((await call('GET', '/healthz')).json, { status: 'SERVING' });
    });

    it('the job, listed, alone and watched, conforms to its schema', async () => {
      const listed = await call('GET', '/v1/jobs');
      assert.equal((listed.json?.jobs as { id: string }[])[0].id, job.id);
      const one = await call('GET', '/v1/jobs/{id}', `/v1/jobs/${job.id}`);
      assert.ok((one.json?.job as { steps: unknown[] }).steps.length > 0, one.text);
      const watched = await call('GET', '/v1/jobs/{id}/watch', `/v1/jobs/${job.id}/watch`);
      assert.equal(watched.headers['content-type'], 'application/x-ndjson');
      assert.ok(watched.text.trim().split('\n').length >= 1, watched.text);
    });

    it("the installer's log, as NDJSON and as Server-Sent Events, conforms to TailLogResponse", async () => {
      const ndjson = await call('GET', '/v1/logs/{name}', '/v1/logs/installer?lines=3');
      assert.equal(ndjson.status, 200, ndjson.text);
      assert.match(ndjson.text, /"chunk":/);
      const sse = await call('GET', '/v1/logs/{name}', '/v1/logs/installer?lines=3&format=sse');
      const data = sse.text.split('\n').filter((line) => line.startsWith('data: ') && line !== 'data: {}');
      assert.ok(data.length > 0, sse.text);
      for (const line of data) assert.deepEqual(answers.schemaErrors('TailLogResponse', JSON.parse(line.slice('data: '.length))), [], line);
    });

    it('error answers conform to the Error schema of their status, and a body that differs from the schema is caught', async () => {
      const expected: [number, Promise<RawResponse>][] = [
        [404, call('GET', '/v1/jobs/{id}', '/v1/jobs/0lw3k9a1b-4f2a9c01')],
        [409, call('POST', '/v1/jobs/{id}/cancel', `/v1/jobs/${job.id}/cancel`, { headers: { 'content-type': 'application/json' } })],
        [415, call('POST', '/v1/install', '/v1/install', { headers: { 'content-type': 'text/plain' }, body: '{}' })],
        [400, call('GET', '/v1/logs/{name}', '/v1/logs/installer?lines=many')],
        [416, call('GET', '/v1/logs/{name}', '/v1/logs/installer?from=999999999')],
        [421, call('GET', '/v1/status', '/v1/status', { headers: { host: 'attacker.example' } })],
      ];
      for (const [status, answer] of expected) assert.equal((await answer).status, status, (await answer).text);

      const status = (await call('GET', '/v1/status')).json!;
      const altered = { ...status, host: { ...(status.host as object), memoryTotalBytes: 8_000_000_000 } };
      assert.notDeepEqual(answers.errors({ method: 'GET', path: '/v1/status', status: 200, contentType: 'application/json' }, altered), []);
    });
  });
});
