/**
 * Who needs a credential, by how the caller reaches mobilityd: a Unix socket
 * caller is let in by the socket's file permissions (and named by a token it
 * sends); on the zero-config default TCP callers on loopback need nothing, as
 * before tokens existed; with tokens configured, a TCP caller needs one. And
 * token changes take effect on the next call, without a restart.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { ClientError } from '../../client/errors/client-error';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { tokenCommand } from '../helpers/access-tokens';
import { useAccessDaemon } from '../helpers/access-daemon';
import { JobWatcher } from '../helpers/job-watcher';
import { copySamplePackages } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';
import { callFailure } from '../helpers/grpc-errors';


describe('access by transport', function () {
  this.timeout(30_000);

  describe('Unix sockets, with tokens configured', () => {
    const daemon = useAccessDaemon({ unixSockets: true });

    it('lets a gRPC caller without a token do an operator\'s work, audited as "unix"', async () => {
      const pkg = (await copySamplePackages(daemon().test.daemon.packages.dir, ['9.40.0.0']))[0];
      const name = pkg.slice(pkg.lastIndexOf('/') + 1);
      const client = daemon().unixGrpc();
      await client.getStatus();
      await client.deletePackage(name);
      const [line] = daemon().audit();
      assert.deepEqual({ ...line, time: '' }, { time: '', principal: 'unix', peer: 'unix', transport: 'grpc', method: 'DeletePackage', target: name, code: 'ok' });
    });

    it('lets a REST caller without a token in, while the same request over TCP is refused', async () => {
      const request = { method: 'POST', path: '/v1/jobs/no-such-job/cancel', headers: { 'content-type': 'application/json' }, body: '{}' };
      assert.equal((await daemon().unixRest(request)).status, 404);
      assert.equal((await daemon().rest(request)).status, 401);
      assert.deepEqual(
        daemon().audit().map((line) => [line.principal, line.peer.replace(/:\d+$/, ':PORT'), line.transport, line.code]),
        [
          ['unix', 'unix', 'rest', 'not_found'],
          ['-', '127.0.0.1:PORT', 'rest', 'unauthenticated'],
        ],
      );
    });

    it('names a caller by the token it sends, with that token\'s role', async () => {
      const viewer = daemon().unixGrpc({ token: daemon().tokens.viewer });
      const refused = await callFailure(viewer.cancelJob('no-such-job'));
      assert.equal(refused.code, 'permission_denied');
      assert.match(refused.rawMessage, /^token ci is a viewer; CancelJob needs operator/);
      assert.equal((await daemon().unixRest({ method: 'DELETE', path: '/v1/packages/x.tar.gz' }, { token: daemon().tokens.viewer })).status, 403);
    });

    it('still refuses a bad token sent over the socket, and never backs the socket off', async () => {
      for (let i = 0; i < 8; i++) {
        const refused = await callFailure(daemon().unixGrpc({ token: daemon().tokens.revoked }).getStatus());
        assert.equal(refused.code, 'unauthenticated');
        assert.match(refused.rawMessage, /^token leaked was revoked/);
      }
      await daemon().unixGrpc().getStatus();
    });
  });

  describe('the zero-config default (no tokens, no client CA, loopback)', () => {
    const daemon = useTestDaemon();

    it('lets TCP callers without credentials do everything, as before, audited as "local"', async () => {
      await copySamplePackages(daemon().daemon.packages.dir, ['9.40.0.0']);
      await daemon().client.getStatus();
      const job = await daemon().client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE });
      await new JobWatcher(daemon().client.watchJob(job.id)).result();
      const status = await fetch(`${daemon().restUrl}/v1/status`);
      assert.equal(status.status, 200);
      const cancel = await fetch(`${daemon().restUrl}/v1/jobs/${job.id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(cancel.status, 409, await cancel.text());
      const lines = fs
        .readFileSync(daemon().daemon.access.audit.file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        lines.map((line) => [line.principal, line.transport, line.method, line.target, line.code]),
        [
          ['local', 'grpc', 'Install', job.id, 'ok'],
          ['local', 'rest', 'CancelJob', job.id, 'failed_precondition'],
        ],
      );
    });

    it('ignores a token, having no token file to check it against', async () => {
      const answer = await fetch(`${daemon().restUrl}/v1/status`, { headers: { authorization: 'Bearer mobility_anything' } });
      assert.equal(answer.status, 200);
    });
  });

  describe('token changes while mobilityd runs', () => {
    const daemon = useAccessDaemon();

    it('refuses a token on the next call after `mobilityd token revoke`, on both APIs', async () => {
      const viewer = daemon().grpc({ token: daemon().tokens.viewer });
      await viewer.getStatus();
      assert.equal((await daemon().rest({ path: '/v1/status' }, { token: daemon().tokens.viewer })).status, 200);
      await tokenCommand(daemon().tokens.file, 'revoke', 'ci');
      const refused = await callFailure(viewer.getStatus());
      assert.equal(refused.code, 'unauthenticated');
      assert.match(refused.rawMessage, /^token ci was revoked; ask for a new one/);
      const rest = await daemon().rest({ path: '/v1/status' }, { token: daemon().tokens.viewer });
      assert.equal(rest.status, 401);
      assert.match(rest.json?.message ?? '', /^token ci was revoked/);
    });

    it('accepts a token made by `mobilityd token create` on the next call', async () => {
      const token = await tokenCommand(daemon().tokens.file, 'create', '--name', 'new-ci', '--role', 'operator');
      await daemon().grpc({ token }).cancelJob('no-such-job').catch((err) => assert.equal(ClientError.from(err).code, 'not_found'));
      assert.equal(daemon().audit().at(-1)?.principal, 'token:new-ci');
    });
  });

  describe('tokens over TLS (no client CA)', () => {
    const daemon = useAccessDaemon({ tls: 'tls' });

    it('names the caller by its token over gRPC and https, and refuses one without', async () => {
      await daemon().grpc({ token: daemon().tokens.viewer }).getStatus();
      assert.equal((await callFailure(daemon().grpc().getStatus())).code, 'unauthenticated');
      assert.equal((await daemon().rest({ path: '/v1/status' }, { token: daemon().tokens.viewer })).status, 200);
      assert.equal((await daemon().rest({ path: '/v1/status' })).status, 401);
    });
  });
});
