/**
 * The job operations over the REST mirror (real HTTP, Node's fetch): the same
 * answers as gRPC in protobuf JSON, the NDJSON watch stream, and errors as
 * {"code","message"} with the HTTP status of error-response.ts.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import {
  CancelJobResponseSchema,
  GetJobResponseSchema,
  InstallResponseSchema,
  JobState,
  ListJobsResponseSchema,
  RegisterResponseSchema,
  WatchJobResponseSchema,
  type Job,
} from '../../gen/mobility/v1/agent_control_pb';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';

const INSTALL_BODY = { role: 'AGENT_ROLE_MOBILITY_SERVICE', platform: 'PLATFORM_VMWARE' };

describe('Jobs over REST', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();

  const call = (method: string, urlPath: string, body?: unknown) =>
    fetch(`${daemon().restUrl}${urlPath}`, {
      method,
      // Every POST says application/json, a bodiless cancel included (finding 1 of issue 7).
      headers: body === undefined && method !== 'POST' ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function expectError(res: Response, httpStatus: number, code: string, message: RegExp): Promise<string> {
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(res.status, httpStatus, JSON.stringify(body));
    assert.equal(body.code, code);
    assert.match(body.message, message);
    return body.message;
  }

  /** GET /v1/jobs/:id/watch, read line by line until the stream ends. */
  async function watch(id: string): Promise<Job[]> {
    const res = await call('GET', `/v1/jobs/${id}/watch`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const text = await res.text(); // ends when the job has ended
    return text
      .trim()
      .split('\n')
      .map((line) => fromJson(WatchJobResponseSchema, JSON.parse(line) as JsonValue).job!);
  }

  it('POST /v1/install starts a job; watch streams it as NDJSON to its end; GET and list show it', async () => {
    const res = await call('POST', '/v1/install', INSTALL_BODY);
    assert.equal(res.status, 200);
    const started = fromJson(InstallResponseSchema, (await res.json()) as JsonValue).job!;
    assert.ok([JobState.QUEUED, JobState.RUNNING].includes(started.state));
    const jobs = await watch(started.id);
    assert.ok(jobs.length >= 3, `${jobs.length} changes`);
    assert.equal(jobs[jobs.length - 1].state, JobState.SUCCEEDED);
    const got = fromJson(GetJobResponseSchema, (await (await call('GET', `/v1/jobs/${started.id}`)).json()) as JsonValue).job!;
    assert.equal(got.state, JobState.SUCCEEDED);
    const list = fromJson(ListJobsResponseSchema, (await (await call('GET', '/v1/jobs?pageSize=1')).json()) as JsonValue);
    assert.deepEqual(list.jobs.map((j) => j.id), [started.id]);
    assert.equal(list.nextPageToken, '');
  });

  it('POST /v1/jobs/:id/cancel cancels a running job; then 409 because it already ended', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const started = fromJson(InstallResponseSchema, (await (await call('POST', '/v1/install', INSTALL_BODY)).json()) as JsonValue).job!;
    await expectError(await call('POST', '/v1/install', INSTALL_BODY), 409, 'failed_precondition', new RegExp(`install job ${started.id}`));
    const res = await call('POST', `/v1/jobs/${started.id}/cancel`);
    assert.equal(res.status, 200);
    assert.equal(fromJson(CancelJobResponseSchema, (await res.json()) as JsonValue).job?.state, JobState.CANCELLED);
    await expectError(await call('POST', `/v1/jobs/${started.id}/cancel`), 409, 'failed_precondition', /already ended \(cancelled\)/);
    await expectError(await call('POST', '/v1/jobs/0000000aa-00000000/cancel'), 404, 'not_found', /there is no job/);
    await expectError(await call('GET', '/v1/jobs/nope'), 404, 'not_found', /there is no job "nope"/);
    await expectError(await call('GET', '/v1/jobs/nope/watch'), 404, 'not_found', /there is no job "nope"/);
  });

  it('refuses malformed requests with 400 invalid_argument', async () => {
    await expectError(await call('POST', '/v1/install', {}), 400, 'invalid_argument', /^role is required/);
    await expectError(await call('POST', '/v1/install', { ...INSTALL_BODY, installLocation: 'relative' }), 400, 'invalid_argument', /install_location/);
    await expectError(await call('POST', '/v1/install', '{"role":'), 400, 'invalid_argument', /^the request body is not valid JSON/);
    await expectError(await call('POST', '/v1/install', { role: 'NOT_A_ROLE' }), 400, 'invalid_argument', /^the request body is not a valid mobility\.v1\.InstallRequest/);
    await expectError(await call('GET', '/v1/jobs?pageToken=bogus'), 400, 'invalid_argument', /^the page token is not one this daemon returned/);
    await expectError(await call('GET', '/v1/jobs?pageSize=-2'), 400, 'invalid_argument', /"pageSize" must be a whole number/);
    await expectError(await call('GET', '/v1/jobs?limit=2'), 400, 'invalid_argument', /unknown query parameter "limit"/);
  });

  it('POST /v1/register registers; neither answers nor errors quote the passphrase', async () => {
    const secret = 'rest-secret-passphrase-9f3b';
    setSamplePassphrase(daemon().sandbox.root, secret);
    await watch(fromJson(InstallResponseSchema, (await (await call('POST', '/v1/install', INSTALL_BODY)).json()) as JsonValue).job!.id);
    const res = await call('POST', '/v1/register', { registration: { csEndpoint: '10.0.0.5', passphrase: secret } });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.ok(!text.includes(secret));
    const jobs = await watch(fromJson(RegisterResponseSchema, JSON.parse(text) as JsonValue).job!.id);
    assert.equal(jobs[jobs.length - 1].state, JobState.SUCCEEDED);
    for (const body of [
      { registration: { csEndpoint: '10.0.0.5', passphrase: { nested: secret } } },
      `{"registration":{"csEndpoint":"10.0.0.5","passphrase":"${secret}"`,
      { registration: { csEndpoint: 'not-an-ip', passphrase: secret } },
    ]) {
      const message = await expectError(await call('POST', '/v1/register', body), 400, 'invalid_argument', /./);
      assert.ok(!message.includes(secret), message);
    }
  });
});
