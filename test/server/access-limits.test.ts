/**
 * The limits around authentication: a peer that keeps presenting bad tokens
 * waits (RESOURCE_EXHAUSTED, 429 with Retry-After), and one principal holds at
 * most maxStreamsPerPrincipal streams (log follows, job watches, uploads) at
 * once, on both APIs together, each freed however its call ends.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { useAccessDaemon, type AccessDaemon } from '../helpers/access-daemon';
import { TailCollector } from '../helpers/tail-collector';
import { useTestDaemon } from '../helpers/test-daemon';
import { waitFor } from '../helpers/wait-for';
import { callFailure } from '../helpers/grpc-errors';

const GUESS = 'mobility_guessedguessedguessedguessedguessedgue';


describe('access limits', function () {
  this.timeout(30_000);

  describe('back-off after failed authentications', () => {
    const daemon = useAccessDaemon({ authBackoff: { threshold: 3, baseMs: 60_000 } });

    it('refuses a peer that presented three bad tokens, even with a good one, saying when to retry (gRPC)', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await callFailure(daemon().grpc({ token: GUESS }).getStatus())).code, 'unauthenticated');
      const refused = await callFailure(daemon().grpc({ token: daemon().tokens.operator }).getStatus());
      assert.equal(refused.code, 'resource_exhausted');
      assert.match(refused.rawMessage, /^too many failed authentications from 127\.0\.0\.1; retry after 60 s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\) with a valid credential$/);
      const last = daemon().audit().at(-1)!;
      assert.deepEqual({ principal: last.principal, method: last.method, code: last.code, detail: last.detail }, { principal: '-', method: 'GetStatus', code: 'resource_exhausted', detail: 'back-off after failed authentications' });
    });

    it('answers 429 with Retry-After in seconds over REST', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await daemon().rest({ path: '/v1/status' }, { token: GUESS })).status, 401);
      const answer = await daemon().rest({ path: '/v1/jobs' }, { token: daemon().tokens.viewer });
      assert.equal(answer.status, 429);
      assert.equal(answer.headers['retry-after'], '60');
      assert.equal(answer.json?.code, 'resource_exhausted');
      assert.match(answer.json?.message ?? '', /^too many failed authentications from 127\.0\.0\.1; retry after 60 s/);
    });

    it('counts failures across both APIs, and counts no missing credentials', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await callFailure(daemon().grpc().getStatus())).code, 'unauthenticated', 'no token is no guess');
      assert.equal((await callFailure(daemon().grpc({ token: daemon().tokens.revoked }).getStatus())).code, 'unauthenticated');
      assert.equal((await daemon().rest({ path: '/v1/status' }, { token: daemon().tokens.expired })).status, 401);
      assert.equal((await daemon().rest({ path: '/v1/status' }, { token: 'not-even-a-token' })).status, 401);
      assert.equal((await callFailure(daemon().grpc({ token: daemon().tokens.viewer }).getStatus())).code, 'resource_exhausted', 'the third failure');
    });

    it('forgets the failures of a peer that then authenticates', async () => {
      await callFailure(daemon().grpc({ token: GUESS }).getStatus());
      await callFailure(daemon().grpc({ token: GUESS }).getStatus());
      await daemon().grpc({ token: daemon().tokens.viewer }).getStatus();
      await callFailure(daemon().grpc({ token: GUESS }).getStatus());
      await callFailure(daemon().grpc({ token: GUESS }).getStatus());
      await daemon().grpc({ token: daemon().tokens.viewer }).getStatus();
    });
  });

  describe('open streams per principal', () => {
    const daemon = useAccessDaemon({ config: { maxStreamsPerPrincipal: 2 } });
    let log: string;
    beforeEach(() => {
      log = daemon().test.logPath('installer');
      fs.writeFileSync(log, 'first\n');
    });
    const follow = (d: AccessDaemon, token: string) => new TailCollector(d.grpc({ token }).tailLog({ log: 'installer', follow: true }));

    it('refuses a third stream of one token on either API, names it and the limit, and lets other principals in', async () => {
      const followers = [follow(daemon(), daemon().tokens.viewer), follow(daemon(), daemon().tokens.viewer)];
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));

      const third = follow(daemon(), daemon().tokens.viewer);
      await third.done();
      assert.equal(third.error?.code, 'resource_exhausted');
      assert.equal(third.error?.rawMessage, 'too many open streams for token ci (2); close some (log follows, job watches, uploads) and retry');
      const rest = await daemon().rest({ path: '/v1/jobs/no-such-job/watch' }, { token: daemon().tokens.viewer });
      assert.equal(rest.status, 429);
      assert.equal(rest.json?.message, 'too many open streams for token ci (2); close some (log follows, job watches, uploads) and retry');

      const other = follow(daemon(), daemon().tokens.operator);
      await other.untilEvent(LogEventKind.CAUGHT_UP);
      const refusals = daemon().audit().filter((line) => line.detail === 'stream limit');
      assert.deepEqual(
        refusals.map((line) => [line.principal, line.transport, line.method, line.code]),
        [
          ['token:ci', 'grpc', 'TailLog', 'resource_exhausted'],
          ['token:ci', 'rest', 'WatchJob', 'resource_exhausted'],
        ],
      );
      for (const f of [...followers, other]) f.cancel();
    });

    it('frees a slot when a gRPC follower cancels and when a REST follower disconnects', async () => {
      const grpcFollower = follow(daemon(), daemon().tokens.viewer);
      await grpcFollower.untilEvent(LogEventKind.CAUGHT_UP);
      const restFollower = await openRestFollow(daemon(), daemon().tokens.viewer);
      assert.equal((await daemon().rest({ path: '/v1/logs/installer?follow=true&maxBytes=1' }, { token: daemon().tokens.viewer })).status, 429);

      grpcFollower.cancel();
      restFollower.destroy();
      await waitFor(() => daemon().test.daemon.access.streams.openFor('token:ci') === 0, 'both slots free again');
      const two = [follow(daemon(), daemon().tokens.viewer), follow(daemon(), daemon().tokens.viewer)];
      await Promise.all(two.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      two.forEach((f) => f.cancel());
    });

    it('frees the slot of a stream the daemon refused for another reason (an unknown log)', async () => {
      for (let i = 0; i < 5; i++) {
        const stream = new TailCollector(daemon().grpc({ token: daemon().tokens.viewer }).tailLog({ log: 'no-such-log' }));
        await stream.done();
        assert.equal(stream.error?.code, 'not_found');
      }
      const two = [follow(daemon(), daemon().tokens.viewer), follow(daemon(), daemon().tokens.viewer)];
      await Promise.all(two.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      two.forEach((f) => f.cancel());
    });
  });

  describe('on the zero-config default', () => {
    const daemon = useTestDaemon({ config: { maxStreamsPerPrincipal: 1 } });

    it('does not count the streams of local callers: the host itself is not limited', async () => {
      fs.writeFileSync(daemon().logPath('installer'), 'first\n');
      const followers = [1, 2, 3].map(() => new TailCollector(daemon().client.tailLog({ log: 'installer', follow: true })));
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      followers.forEach((f) => f.cancel());
    });
  });
});

/** A REST follow held open: resolves once the answer's headers arrived. */
function openRestFollow(daemon: AccessDaemon, token: string): Promise<http.ClientRequest> {
  const address = daemon.test.daemon.restAddresses[0];
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/v1/logs/installer?follow=true', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`the follow answered ${res.statusCode}`));
      res.resume();
      resolve(request);
    });
    request.once('error', () => undefined); // destroyed by the test
  });
}
