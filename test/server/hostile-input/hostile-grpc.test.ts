/**
 * The gRPC hostile-input corpus (grpc-corpus.ts) against one real mobilityd
 * child process: each case gets its one clear answer, then the daemon is
 * still healthy, started nothing, stored nothing and stayed within its memory
 * budget. Run alone: npx mocha test/server/hostile-input/hostile-grpc.test.ts
 */
import { strict as assert } from 'node:assert';
import { ScalarType, type DescMessage } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AgentControl } from '../../../gen/mobility/v1/agent_control_pb';
import { errorCodeOf } from '../../../contract/error-codes';
import { checkMessageSafe, checkRefusal } from './answer-checks';
import type { Expected } from './corpus-types';
import { callGrpc, type GrpcOutcome } from './grpc-call';
import { grpcCorpus } from './grpc-corpus';
import { assertAuditLogClean, assertNothingStarted, assertRepositoryUntouched, assertStillServing } from './after-corpus-checks';
import { CORPUS_MEMORY_BUDGET, useHostileDaemon } from './hostile-daemon';
import { STRING_FIELDS } from './hostile-fields';
import { readGrpc, stallGrpc } from './log-followers';
import { slowHttp2Clients, type SlowConnection } from './slow-loris';
import { FOLLOWER_MEMORY_BUDGET, LOG_GROWTH, runStalledFollower } from './stalled-follower-run';

const CASES = grpcCorpus();
const SLOW_CLIENTS = 50;

function expectedText(expect: Expected): string {
  if ('closed' in expect) return 'the stream is reset';
  if ('httpStatus' in expect) return `HTTP ${expect.httpStatus}`;
  return expect.code.toUpperCase();
}

function checkOutcome(outcome: GrpcOutcome, expect: Expected, value: string | undefined): void {
  for (const text of outcome.texts) checkMessageSafe(text, value, false);
  if ('closed' in expect) {
    assert.ok(outcome.code === undefined || (outcome.rstCode ?? 0) !== 0, `expected a reset, got status ${outcome.code}: ${outcome.message}`);
    return;
  }
  if ('httpStatus' in expect) {
    assert.equal(outcome.httpStatus, expect.httpStatus, `HTTP status (gRPC status ${outcome.code}: ${outcome.message})`);
    return;
  }
  assert.equal(outcome.responses, 0, `refused before any answer, but ${outcome.responses} came (status ${outcome.code})`);
  const code = outcome.code === undefined ? 'no status at all' : errorCodeOf(outcome.code);
  checkRefusal({ code, message: outcome.message }, expect, value);
}

/** "Method field.path" of every string field of every AgentControl request, from the descriptors. */
function requestStringFields(): string[] {
  const out: string[] = [];
  const walk = (method: string, message: DescMessage, prefix: string[]) => {
    for (const field of message.fields) {
      const path = [...prefix, field.name];
      if (field.fieldKind === 'message' && prefix.length < 4) walk(method, field.message, path);
      if (field.fieldKind === 'scalar' && field.scalar === ScalarType.STRING) out.push(`${method} ${path.join('.')}`);
    }
  };
  for (const method of AgentControl.methods) walk(method.name, method.input, []);
  return out.sort();
}

describe('hostile input over gRPC: every case gets a clear refusal and mobilityd stays healthy', function () {
  this.timeout(60_000);
  let client: grpc.Client | undefined;
  after(() => client?.close()); // before the daemon's own after hook: the client goes first
  const daemon = useHostileDaemon();
  before(() => {
    const bigEnough = { 'grpc.max_send_message_length': 32 * 1024 * 1024, 'grpc.max_receive_message_length': 32 * 1024 * 1024 };
    client = new grpc.Client(daemon().address, grpc.credentials.createInsecure(), bigEnough);
  });

  let slow: SlowConnection[] = [];
  before(async () => {
    slow = await slowHttp2Clients(daemon().address, SLOW_CLIENTS);
  });
  after(() => slow.forEach((connection) => connection.destroy()));

  it(`hostile: gRPC — while ${SLOW_CLIENTS} connections hold an unfinished HTTP/2 preface, 20 concurrent calls of other clients are answered`, async () => {
    const d = daemon();
    await Promise.all([...Array.from({ length: 10 }, () => d.client.getStatus()), ...Array.from({ length: 10 }, () => d.client.listJobs())]);
    assert.equal(slow.filter((connection) => !connection.isOpen()).length, 0, 'the slow connections are still held');
  });

  it(`hostile: the gRPC corpus has at least 50 cases (it has ${CASES.length}) and covers every string field of every request`, () => {
    assert.ok(CASES.length >= 50);
    assert.deepEqual(STRING_FIELDS.map((f) => f.name).sort(), requestStringFields());
  });

  for (const c of CASES) {
    it(`hostile: gRPC ${c.name} → ${expectedText(c.expect)}`, async () => {
      const outcome = await callGrpc(client!, daemon().address, c.request);
      checkOutcome(outcome, c.expect, c.value);
    });
  }

  describe('after the whole gRPC corpus', () => {
    it('hostile: gRPC — the same daemon process still answers health and GetStatus, over gRPC and REST', async () => {
      await assertStillServing(daemon());
    });

    it('hostile: gRPC — no case started a job, ran a program or reached a shell', async () => {
      await assertNothingStarted(daemon());
    });

    it('hostile: gRPC — the repository holds only the package it started with, no partial upload', () => {
      assertRepositoryUntouched(daemon());
    });

    it('hostile: gRPC — the audit log is still one JSON object a line, with no hostile character raw', () => {
      assertAuditLogClean(daemon());
    });

    it(`hostile: gRPC — the daemon grew by at most ${CORPUS_MEMORY_BUDGET / 1024 / 1024} MiB over the corpus`, () => {
      daemon().memory.assertGrowthWithin(CORPUS_MEMORY_BUDGET, 'after the gRPC corpus');
    });
  });

  describe('a TailLog follower that never reads', () => {
    it(
      `hostile: gRPC — while the log grows by ${LOG_GROWTH / 1024 / 1024} MiB under a follower that never reads, the daemon grows by at most ` +
        `${FOLLOWER_MEMORY_BUDGET / 1024 / 1024} MiB, another follower gets every line, other calls are answered, and the stalled one is told to resume`,
      async () => {
        const d = daemon();
        const end = await runStalledFollower(d, {
          open: async (start) => ({ stalled: await stallGrpc(d.address, start), reader: await readGrpc(d.address, start) }),
          otherClient: async () => void (await d.client.getStatus()),
        });
        assert.equal(end.code, grpc.status.RESOURCE_EXHAUSTED, `the stalled follower's stream ends with RESOURCE_EXHAUSTED: ${end.message}`);
        assert.match(end.message, /^this client fell more than 64 MiB behind the log; reconnect and resume from offset \d+$/);
        await assertStillServing(d);
      },
    );
  });
});
