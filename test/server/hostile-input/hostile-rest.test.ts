/**
 * The REST hostile-input corpus (rest-corpus.ts) against one real mobilityd
 * child process, every request on its own TCP connection as raw bytes: each
 * case gets its one clear answer (the API's JSON error, also for what Node's
 * HTTP parser refuses), then the daemon is still healthy, started nothing,
 * stored nothing and stayed within its memory budget.
 * Run alone: npx mocha test/server/hostile-input/hostile-rest.test.ts
 */
import { strict as assert } from 'node:assert';
import { checkRefusal } from './answer-checks';
import { REST_STATUS, type Expected } from './corpus-types';
import { assertAuditLogClean, assertNothingStarted, assertRepositoryUntouched, assertStillServing } from './after-corpus-checks';
import { CORPUS_MEMORY_BUDGET, useHostileDaemon } from './hostile-daemon';
import { readRest, stallRest } from './log-followers';
import { callRest, type RestOutcome } from './rest-call';
import { restCorpus } from './rest-corpus';
import { slowHttpClients, type SlowConnection } from './slow-loris';
import { FOLLOWER_MEMORY_BUDGET, LOG_GROWTH, runStalledFollower } from './stalled-follower-run';
import { rawRequest } from '../../helpers/raw-http';

const CASES = restCorpus();
const SLOW_CLIENTS = 50;

function expectedText(expect: Expected): string {
  if ('closed' in expect) return 'the connection is closed';
  if ('httpStatus' in expect) return `HTTP ${expect.httpStatus}`;
  return `${expect.status ?? REST_STATUS[expect.code]} ${expect.code}`;
}

function checkOutcome(outcome: RestOutcome, expect: Expected, value: string | undefined): void {
  const text = outcome.body.toString('utf8').slice(0, 400);
  if ('closed' in expect) {
    assert.ok(outcome.closed && outcome.status === 0, `expected a closed connection, got ${outcome.status}: ${text}`);
    return;
  }
  const status = 'httpStatus' in expect ? expect.httpStatus : (expect.status ?? REST_STATUS[expect.code]);
  assert.equal(outcome.status, status, `HTTP status: ${text}`);
  if ('httpStatus' in expect) return;
  assert.match(outcome.headers['content-type'] ?? '', /^application\/json/, `a JSON error body: ${text}`);
  checkRefusal({ code: outcome.json?.code, message: outcome.json?.message ?? '' }, expect, value);
}

describe('hostile input over REST: every case gets a clear refusal and mobilityd stays healthy', function () {
  this.timeout(60_000);
  const daemon = useHostileDaemon();
  // Opened first and held during the whole corpus: the daemon's headers timeout ends them later.
  let slow: SlowConnection[] = [];
  before(async () => {
    slow = await slowHttpClients(daemon().restUrl, SLOW_CLIENTS);
  });
  after(() => slow.forEach((connection) => connection.destroy()));
  const get = (path: string) => rawRequest({ base: daemon().restUrl, method: 'GET', path });

  it(`hostile: REST — while ${SLOW_CLIENTS} slow-loris connections hold unfinished headers, 20 concurrent requests of other clients are answered`, async () => {
    const answers = await Promise.all([...Array.from({ length: 10 }, () => get('/healthz')), ...Array.from({ length: 10 }, () => get('/v1/status'))]);
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    assert.equal(slow.filter((connection) => !connection.isOpen()).length, 0, 'the slow connections are still held');
  });

  it(`hostile: the REST corpus has at least 50 cases (it has ${CASES.length})`, () => {
    assert.ok(CASES.length >= 50);
  });

  for (const c of CASES) {
    it(`hostile: REST ${c.name} → ${expectedText(c.expect)}`, async () => {
      const outcome = await callRest(daemon().restUrl, c.request);
      checkOutcome(outcome, c.expect, c.value);
    });
  }

  describe('after the whole REST corpus', () => {
    it('hostile: REST — the same daemon process still answers health and GetStatus, over REST and gRPC', async () => {
      await assertStillServing(daemon());
    });

    it('hostile: REST — no case started a job, ran a program or reached a shell', async () => {
      await assertNothingStarted(daemon());
    });

    it('hostile: REST — the repository holds only the package it started with, no partial upload', () => {
      assertRepositoryUntouched(daemon());
    });

    it('hostile: REST — the audit log is still one JSON object a line, with no hostile character raw', () => {
      assertAuditLogClean(daemon());
    });

    it(`hostile: REST — the daemon grew by at most ${CORPUS_MEMORY_BUDGET / 1024 / 1024} MiB over the corpus`, () => {
      daemon().memory.assertGrowthWithin(CORPUS_MEMORY_BUDGET, 'after the REST corpus');
    });
  });

  // The stalled follower runs first: the slow-loris connections' headers timeout passes meanwhile.
  describe('slow and stalled clients', () => {
    it(
      `hostile: REST — while the log grows by ${LOG_GROWTH / 1024 / 1024} MiB under a follower whose socket is paused, the daemon grows by at most ` +
        `${FOLLOWER_MEMORY_BUDGET / 1024 / 1024} MiB, another follower gets every line, other requests are answered, and the stalled one is told to resume`,
      async () => {
        const d = daemon();
        const end = await runStalledFollower(d, {
          open: async (start) => ({ stalled: await stallRest(d.restUrl, start), reader: await readRest(d.restUrl, start) }),
          otherClient: async () => assert.equal((await get('/v1/status')).status, 200),
        });
        assert.equal(end.code, 'resource_exhausted', `the stalled follower's stream ends with its error line: ${end.message}`);
        assert.match(end.message, /^this client fell more than 64 MiB behind the log; reconnect and resume from offset \d+$/);
        await assertStillServing(d);
      },
    );

    it(`hostile: REST — each of the ${SLOW_CLIENTS} slow-loris connections is answered 408 and closed by the daemon, its headers never finished`, async () => {
      const answers = (await Promise.all(slow.map((connection) => connection.closed))).map((bytes) => bytes.toString('utf8'));
      for (const answer of answers) {
        assert.match(answer, /^HTTP\/1\.1 408 /, `a 408 answer: ${JSON.stringify(answer.slice(0, 200))}`);
        assert.match(answer, /\{"code":"invalid_argument","message":"the request did not arrive whole in time; send it again"\}$/);
      }
    });
  });
});
