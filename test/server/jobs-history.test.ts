/**
 * The job history: ListJobs newest first and paged, jobs kept on disk across
 * restarts, and jobs a stopped daemon left unfinished settled from the host's
 * files when the next one starts.
 */
import { create, fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InstallRequestSchema, JobSchema, JobState, StepState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { saveHostBefore } from '../../server/core/jobs/host-before';
import { newJobId } from '../../server/core/jobs/job-ids';
import { newJob } from '../../server/core/jobs/job-record';
import { JobStore } from '../../server/core/jobs/job-store';
import { expectGrpcError } from '../helpers/grpc-errors';
import { startJobDaemon, type JobDaemon } from '../helpers/job-daemon';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { makeScriptedPackage } from '../helpers/scripted-package';

describe('Job history', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let t: JobDaemon;

  beforeEach(async () => {
    sandbox = makeSandbox();
    t = await startJobDaemon({ sandbox, versions: ['9.30.0.0'] });
  });
  afterEach(async () => {
    await t.stop();
    sandbox.remove();
  });

  /** `count` quick install jobs (a scripted installer that succeeds at once), oldest first. */
  async function quickJobs(count: number): Promise<Job[]> {
    const name = makeScriptedPackage(t.daemon.packages.dir, '9.60.0.0', 'echo "All prerequisite checks passed"');
    const jobs: Job[] = [];
    for (let i = 0; i < count; i++) jobs.push(await t.finish((await t.install({ packageName: name })).id));
    return jobs;
  }

  const jobFile = (id: string) => path.join(sandbox.stateDir, 'jobs', `${id}.json`);

  it('lists newest first, 20 a page by default, with an opaque token for the next page', async () => {
    const ids = (await quickJobs(25)).map((j) => j.id).reverse();
    const first = await t.client.listJobs();
    assert.deepEqual(first.jobs.map((j) => j.id), ids.slice(0, 20));
    assert.notEqual(first.nextPageToken, '');
    const second = await t.client.listJobs({ pageToken: first.nextPageToken });
    assert.deepEqual(second.jobs.map((j) => j.id), ids.slice(20));
    assert.equal(second.nextPageToken, '', 'the last page has no token');
    const times = first.jobs.map((j) => timestampDate(j.createTime!).getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));

    const paged: string[] = [];
    let token = '';
    do {
      const page = await t.client.listJobs({ pageSize: 7, pageToken: token });
      assert.ok(page.jobs.length <= 7);
      paged.push(...page.jobs.map((j) => j.id));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(paged, ids);
  });

  it('lowers a page size above 500 to 500', async () => {
    await t.stop();
    // 501 ended jobs in the store's own format, as a long-lived host would have them.
    const store = new JobStore(path.join(sandbox.stateDir, 'jobs'));
    const ids: string[] = [];
    for (let i = 0; i < 501; i++) {
      const job = newJob(newJobId(), { case: 'install', value: create(InstallRequestSchema) }, [], '');
      job.state = JobState.FAILED;
      ids.push(job.id);
      await store.save(job);
    }
    t = await startJobDaemon({ sandbox, versions: [] });
    const page = await t.client.listJobs({ pageSize: 100_000 });
    assert.equal(page.jobs.length, 500);
    assert.equal(page.jobs[0].id, ids[500]);
    const rest = await t.client.listJobs({ pageSize: 100_000, pageToken: page.nextPageToken });
    assert.deepEqual(rest.jobs.map((j) => j.id), [ids[0]]);
  });

  it('a page token it did not hand out, or a negative page size, is INVALID_ARGUMENT', async () => {
    await quickJobs(1);
    for (const pageToken of ['nonsense', Buffer.from('jobs.v1:../../etc').toString('base64url'), '%%%']) {
      await expectGrpcError(t.client.listJobs({ pageToken }), status.INVALID_ARGUMENT, /^the page token is not one this daemon returned/);
    }
    await expectGrpcError(t.client.listJobs({ pageSize: -1 }), status.INVALID_ARGUMENT, /^page_size must be 0/);
  });

  it('jobs survive a restart exactly as they were', async () => {
    await quickJobs(3);
    const before = (await t.client.listJobs()).jobs.map((j) => toJson(JobSchema, j));
    await t.stop();
    t = await startJobDaemon({ sandbox, versions: [] });
    assert.deepEqual((await t.client.listJobs()).jobs.map((j) => toJson(JobSchema, j)), before);
    const next = await quickJobs(1);
    assert.equal((await t.client.listJobs()).jobs[0].id, next[0].id, 'a new job sorts before the old ones');
  });

  /** Rewrites a stored job as a daemon that died mid-run would have left it. */
  function markRunning(id: string): void {
    const job = fromJson(JobSchema, JSON.parse(fs.readFileSync(jobFile(id), 'utf8')) as JsonValue);
    job.state = JobState.RUNNING;
    job.endTime = undefined;
    job.agentVersion = '';
    job.steps[2].state = StepState.RUNNING;
    job.steps[2].endTime = undefined;
    job.steps[3].state = StepState.PENDING;
    fs.writeFileSync(jobFile(id), JSON.stringify(toJson(JobSchema, job)));
  }

  it('a job left RUNNING whose result the host shows is reconciled to SUCCEEDED after a restart', async () => {
    const done = await t.finish((await t.install()).id);
    assert.equal(done.state, JobState.SUCCEEDED);
    await t.stop();
    markRunning(done.id);
    // What the job recorded when it started: no agent. The host changed during the job.
    const noAgent = { source: '/usr/local/.vx_version', present: false, sha256: '', identity: '' };
    await saveHostBefore({ stateDir: sandbox.stateDir }, done.id, { fingerprint: noAgent, installed: false, version: '', registeredWith: '' });
    t = await startJobDaemon({ sandbox, versions: [] });
    const job = await t.client.getJob(done.id);
    assert.equal(job.state, JobState.SUCCEEDED);
    assert.equal(job.message, 'reconciled after a restart of mobilityd: the host shows agent 9.30.0.0 installed');
    assert.equal(job.agentVersion, '9.30.0.0');
    assert.ok(job.steps.every((s) => s.state !== StepState.RUNNING && s.state !== StepState.PENDING));
    assert.equal(fromJson(JobSchema, JSON.parse(fs.readFileSync(jobFile(done.id), 'utf8')) as JsonValue).state, JobState.SUCCEEDED, 'and stored so');
  });

  it('a job left RUNNING whose result the host does not show is INTERRUPTED after a restart', async () => {
    const done = await t.finish((await t.install()).id);
    await t.stop();
    markRunning(done.id);
    fs.rmSync(sandbox.path('/usr/local/.vx_version'));
    t = await startJobDaemon({ sandbox, versions: [] });
    const job = await t.client.getJob(done.id);
    assert.equal(job.state, JobState.INTERRUPTED);
    assert.equal(job.message, 'mobilityd stopped while this job ran, and the host does not show its result (the agent is not installed); run the job again');
    assert.ok(job.endTime);
  });

  it('moves an unreadable job file aside instead of failing to start', async () => {
    const [job] = await quickJobs(1);
    await t.stop();
    fs.writeFileSync(jobFile('0000000zz-deadbeef'), '{ not json');
    t = await startJobDaemon({ sandbox, versions: [] });
    assert.deepEqual((await t.client.listJobs()).jobs.map((j) => j.id), [job.id]);
    assert.ok(fs.existsSync(`${jobFile('0000000zz-deadbeef')}.unreadable`));
  });
});
