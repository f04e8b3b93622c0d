/**
 * The audit log as an administrator reads it: one line for every call that
 * changes the host and for every refused call, over gRPC and REST, naming who
 * (principal), from where (peer), how (transport), what (method, target) and
 * the outcome (code); nothing for reads that succeed. The log is the catalog's
 * "audit" log, for operators only.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import type { AuditEntry } from '../../server/core/audit/audit-log';
import { useAccessDaemon } from '../helpers/access-daemon';
import { JobWatcher } from '../helpers/job-watcher';
import { copySamplePackages, samplePackage } from '../helpers/sample-packages';
import { waitFor } from '../helpers/wait-for';
import { callFailure } from '../helpers/grpc-errors';

const PEER = /^127\.0\.0\.1:\d+$/;


async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

describe('audit log', function () {
  this.timeout(60_000);
  const daemon = useAccessDaemon({ authBackoff: { threshold: 100_000 } });
  /** The lines without their time, which no test can predict. */
  const withoutTime = (lines: AuditEntry[]) => lines.map(({ time, ...rest }) => (assert.ok(!Number.isNaN(Date.parse(time)), time), rest));

  beforeEach(async () => {
    await copySamplePackages(daemon().test.daemon.packages.dir, ['9.40.0.0']);
  });

  describe('calls that change the host', () => {
    it('records an Install over gRPC with the token, the peer, and the new job as its target', async () => {
      const operator = daemon().grpc({ token: daemon().tokens.operator });
      const job = await operator.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE });
      await new JobWatcher(operator.watchJob(job.id)).result();
      const [line, ...rest] = withoutTime(daemon().audit());
      assert.deepEqual(rest, [], 'WatchJob, a read, is not recorded');
      assert.match(line.peer, PEER);
      assert.deepEqual({ ...line, peer: '' }, { principal: 'token:ops', peer: '', transport: 'grpc', method: 'Install', target: job.id, code: 'ok' });
    });

    it('records an Install over REST with the new job as its target', async () => {
      const answer = await daemon().rest(
        { method: 'POST', path: '/v1/install', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'AGENT_ROLE_MOBILITY_SERVICE', platform: 'PLATFORM_VMWARE' }) },
        { token: daemon().tokens.operator },
      );
      assert.equal(answer.status, 200, answer.text);
      const jobId = (answer.json as { job: { id: string } }).job.id;
      await new JobWatcher(daemon().grpc({ token: daemon().tokens.operator }).watchJob(jobId)).result();
      const lines = withoutTime(daemon().audit());
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0].peer, PEER);
      assert.deepEqual({ ...lines[0], peer: '' }, { principal: 'token:ops', peer: '', transport: 'rest', method: 'Install', target: jobId, code: 'ok' });
    });

    it('records a DeletePackage (gRPC) and an upload (REST) with the package, and a failed CancelJob with its code', async () => {
      const pkg = await samplePackage('9.40.0.0');
      await daemon().grpc({ token: daemon().tokens.operator }).deletePackage(pkg.name);
      const upload = await daemon().rest(
        { method: 'PUT', path: `/v1/packages/${pkg.name}`, headers: { 'x-content-sha256': pkg.sha256 }, body: fs.readFileSync(pkg.path) },
        { token: daemon().tokens.operator },
      );
      assert.equal(upload.status, 201, upload.text);
      const cancel = await daemon().rest({ method: 'POST', path: '/v1/jobs/no-such-job/cancel', headers: { 'content-type': 'application/json' }, body: '{}' }, { token: daemon().tokens.operator });
      assert.equal(cancel.status, 404);
      assert.deepEqual(
        withoutTime(daemon().audit()).map(({ peer, ...rest }) => (assert.match(peer, PEER), rest)),
        [
          { principal: 'token:ops', transport: 'grpc', method: 'DeletePackage', target: pkg.name, code: 'ok' },
          { principal: 'token:ops', transport: 'rest', method: 'UploadPackage', target: pkg.name, code: 'ok' },
          { principal: 'token:ops', transport: 'rest', method: 'CancelJob', target: 'no-such-job', code: 'not_found' },
        ],
      );
    });

    it('records a gRPC upload with the package from its header', async () => {
      const pkg = await samplePackage('9.30.0.0');
      async function* content() {
        yield fs.readFileSync(pkg.path);
      }
      await daemon().grpc({ token: daemon().tokens.operator }).uploadPackage({ name: pkg.name, sha256: pkg.sha256, sizeBytes: fs.statSync(pkg.path).size }, content());
      const [line] = withoutTime(daemon().audit());
      assert.deepEqual({ ...line, peer: '' }, { principal: 'token:ops', peer: '', transport: 'grpc', method: 'UploadPackage', target: pkg.name, code: 'ok' });
    });

    it('records an upload the client abandoned half-way as cancelled', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const content = fs.readFileSync(pkg.path);
      const address = daemon().test.daemon.restAddresses[0];
      const request = http.request({
        host: '127.0.0.1',
        port: Number(address.slice(address.lastIndexOf(':') + 1)),
        method: 'PUT',
        path: `/v1/packages/${pkg.name}`,
        headers: { authorization: `Bearer ${daemon().tokens.operator}`, 'x-content-sha256': pkg.sha256, 'content-length': String(content.length) },
        agent: false,
      });
      request.once('error', () => undefined); // destroyed below
      request.write(content.subarray(0, 1024));
      await waitFor(() => daemon().test.daemon.access.streams.openFor('token:ops') === 1, 'the upload admitted');
      request.destroy();
      await waitFor(() => daemon().audit().length === 1, 'the audit line');
      const [line] = withoutTime(daemon().audit());
      assert.deepEqual({ ...line, peer: '' }, { principal: 'token:ops', peer: '', transport: 'rest', method: 'UploadPackage', target: pkg.name, code: 'cancelled' });
      assert.equal(daemon().test.daemon.access.streams.openFor('token:ops'), 0, 'its stream slot freed');
    });
  });

  describe('refused calls', () => {
    it('records a viewer refused an operator call, with the target its request named', async () => {
      const viewer = daemon().grpc({ token: daemon().tokens.viewer });
      await callFailure(viewer.deletePackage('Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz'));
      await callFailure(viewer.cancelJob('job-1'));
      const rest = await daemon().rest({ method: 'DELETE', path: '/v1/packages/some.tar.gz' }, { token: daemon().tokens.viewer });
      assert.equal(rest.status, 403);
      assert.deepEqual(
        withoutTime(daemon().audit()).map(({ peer, ...line }) => line),
        [
          { principal: 'token:ci', transport: 'grpc', method: 'DeletePackage', target: 'Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz', code: 'permission_denied', detail: 'needs operator' },
          { principal: 'token:ci', transport: 'grpc', method: 'CancelJob', target: 'job-1', code: 'permission_denied', detail: 'needs operator' },
          { principal: 'token:ci', transport: 'rest', method: 'DeletePackage', target: 'some.tar.gz', code: 'permission_denied', detail: 'needs operator' },
        ],
      );
    });

    it('records callers without valid credentials, naming an expired or revoked token, never a guessed one', async () => {
      await callFailure(daemon().grpc().getStatus());
      await callFailure(daemon().grpc({ token: daemon().tokens.expired }).getJob('job-7'));
      await callFailure(daemon().grpc({ token: 'mobility_guessedguessedguessedguessedguessedgue' }).listJobs());
      await daemon().rest({ path: '/v1/jobs/job-8' }, { token: daemon().tokens.revoked });
      await daemon().rest({ path: '/v1/status', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      assert.deepEqual(
        withoutTime(daemon().audit()).map(({ peer, ...line }) => (assert.match(peer, PEER), line)),
        [
          { principal: '-', transport: 'grpc', method: 'GetStatus', code: 'unauthenticated', detail: 'no credentials' },
          { principal: 'token:old-ci', transport: 'grpc', method: 'GetJob', code: 'unauthenticated', detail: 'token expired' },
          { principal: '-', transport: 'grpc', method: 'ListJobs', code: 'unauthenticated', detail: 'unknown token' },
          { principal: 'token:leaked', transport: 'rest', method: 'GetJob', target: 'job-8', code: 'unauthenticated', detail: 'token revoked' },
          { principal: '-', transport: 'rest', method: 'GetStatus', code: 'unauthenticated', detail: 'malformed authorization header' },
        ],
      );
    });

    it('records nothing for reads that succeed, health included', async () => {
      const viewer = daemon().grpc({ token: daemon().tokens.viewer });
      await viewer.getStatus();
      await viewer.listJobs();
      await viewer.listPackages();
      await daemon().grpc().checkHealth();
      assert.equal((await daemon().rest({ path: '/v1/jobs' }, { token: daemon().tokens.viewer })).status, 200);
      assert.equal((await daemon().rest({ path: '/healthz' })).status, 200);
      assert.deepEqual(daemon().audit(), []);
    });
  });

  describe('the "audit" log', () => {
    it('is in the catalog, and operators read it over gRPC and REST', async () => {
      await callFailure(daemon().grpc().getStatus()); // one line to read
      const operator = daemon().grpc({ token: daemon().tokens.operator });
      const status = await operator.getStatus();
      assert.ok(status.logs.some((log) => log.name === 'audit'), 'listed in GetStatus');
      await waitFor(() => fs.existsSync(path.join(daemon().test.daemon.config.stateDir, 'audit.log')), 'the audit log written');
      let text = '';
      for await (const response of operator.tailLog({ log: 'audit', lastLines: 10n })) {
        if (response.item.case === 'chunk') text += Buffer.from(response.item.value.data).toString('utf8');
      }
      assert.match(text, /"method":"GetStatus".*"code":"unauthenticated"/);
      const rest = await daemon().rest({ path: '/v1/logs/audit?lines=10', headers: { accept: 'text/plain' } }, { token: daemon().tokens.operator });
      assert.equal(rest.status, 200);
      assert.match(rest.text, /"method":"GetStatus".*"code":"unauthenticated"/);
    });

    it('is refused to viewers (PERMISSION_DENIED, 403), and the refusal is recorded', async () => {
      const refused = await callFailure(drain(daemon().grpc({ token: daemon().tokens.viewer }).tailLog({ log: 'audit', lastLines: 10n })));
      assert.equal(refused.code, 'permission_denied');
      assert.match(refused.rawMessage, /^token ci is a viewer; TailLog of the audit log needs operator/);
      const rest = await daemon().rest({ path: '/v1/logs/audit?lines=10' }, { token: daemon().tokens.viewer });
      assert.equal(rest.status, 403);
      assert.match(rest.json?.message ?? '', /^token ci is a viewer; TailLog of the audit log needs operator/);
      assert.deepEqual(
        withoutTime(daemon().audit()).map(({ peer, ...line }) => line),
        [
          { principal: 'token:ci', transport: 'grpc', method: 'TailLog', target: 'audit', code: 'permission_denied', detail: 'needs operator' },
          { principal: 'token:ci', transport: 'rest', method: 'TailLog', target: 'audit', code: 'permission_denied', detail: 'needs operator' },
        ],
      );
    });

    it('lets viewers read the other logs', async () => {
      fs.writeFileSync(daemon().test.logPath('installer'), 'a line\n');
      await drain(daemon().grpc({ token: daemon().tokens.viewer }).tailLog({ log: 'installer', lastLines: 1n }));
      assert.equal((await daemon().rest({ path: '/v1/logs/installer?lines=1' }, { token: daemon().tokens.viewer })).status, 200);
    });
  });
});
