/**
 * The extension's log follower against real mobilityd: history then live
 * lines, and a daemon restart mid-follow (same port, and a new port) resumed
 * from the last offset with no line lost and none repeated; rotation while
 * disconnected; errors that end the follow; error-line classification; and
 * dedupe of lines a server sends again.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { status as grpcStatus } from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import type { ServerStream } from '../../client/calls/server-stream';
import { chunkLines, classifyLogLine, LogFollower, type TailRequest } from '../../extension/src/model/log-follower';
import { TailLogResponseSchema, type TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';
import { linesOf } from '../helpers/log-lines';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { CollectedLogSink } from '../helpers/collected-log-sink';
import { FAST_BACKOFF, startExtensionFollower } from '../helpers/extension-follower';

const append = (file: string, lines: string[]) => fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));

describe('extension: log follower', () => {
  let sandbox: Sandbox;
  let daemons: TestDaemon[];
  let closers: (() => void)[];

  beforeEach(() => {
    sandbox = makeSandbox();
    daemons = [];
    closers = [];
  });

  afterEach(async () => {
    for (const close of closers) close();
    for (const d of daemons) await d.stop();
    sandbox.remove();
  });

  async function daemon(listen?: string): Promise<TestDaemon> {
    const d = await startTestDaemon({ sandbox, config: listen ? { listen: [listen] } : {} });
    daemons.push(d);
    return d;
  }

  async function stop(d: TestDaemon): Promise<void> {
    await d.stop();
    daemons = daemons.filter((x) => x !== d);
  }

  it('shows the last lines, then lines appended later, each once', async () => {
    const d = await daemon();
    const log = d.logPath('installer');
    append(log, linesOf(1, 10));
    const collected = new CollectedLogSink();
    closers.push(startExtensionFollower(() => d.address, collected, 3).close);
    await collected.untilText(linesOf(10, 10)[0]);
    append(log, linesOf(11, 20));
    await collected.untilText(linesOf(20, 20)[0]);
    assert.deepEqual(collected.texts, linesOf(8, 20));
  });

  it('resumes after mobilityd restarts on the same port, with no gap and no duplicate', async () => {
    const first = await daemon();
    const address = first.address;
    const log = first.logPath('installer');
    append(log, linesOf(1, 5));
    const collected = new CollectedLogSink();
    const { follower, close } = startExtensionFollower(() => address, collected, 3);
    closers.push(close);
    await collected.untilText(linesOf(5, 5)[0]);
    append(log, linesOf(6, 8));
    await collected.untilText(linesOf(8, 8)[0]);

    await stop(first);
    await collected.untilNote(/connection lost/);
    append(log, linesOf(9, 12)); // written while nobody serves the log
    await daemon(address);
    append(log, linesOf(13, 15));
    await collected.untilText(linesOf(15, 15)[0]);

    assert.deepEqual(collected.texts, linesOf(3, 15));
    assert.equal(follower.reconnects, 1, 'it reconnected once, after the one loss');
    assert.equal(collected.notes.filter((n) => /reconnected; resuming at offset \d+/.test(n.text)).length, 1, JSON.stringify(collected.notes));
    assert.ok(!follower.isStopped, 'it keeps following');
  });

  it('resumes on a new daemon at a new address (the host re-addressed) with no gap and no duplicate', async () => {
    const first = await daemon();
    let address = first.address;
    const log = first.logPath('installer');
    append(log, linesOf(1, 4));
    const collected = new CollectedLogSink();
    closers.push(startExtensionFollower(() => address, collected, 1).close);
    await collected.untilText(linesOf(4, 4)[0]);
    append(log, linesOf(5, 7));
    await collected.untilText(linesOf(7, 7)[0]);

    await stop(first);
    append(log, linesOf(8, 9));
    const second = await daemon();
    address = second.address;
    append(log, linesOf(10, 11));
    await collected.untilText(linesOf(11, 11)[0]);
    assert.deepEqual(collected.texts, linesOf(4, 11));
  });

  it('after a rotation while disconnected, says so and goes on from the new file', async () => {
    const first = await daemon();
    const address = first.address;
    const log = first.logPath('installer');
    append(log, linesOf(1, 3));
    const collected = new CollectedLogSink();
    closers.push(startExtensionFollower(() => address, collected, 10).close);
    await collected.untilText(linesOf(3, 3)[0]);
    await stop(first);
    fs.renameSync(log, `${log}.1`);
    append(log, linesOf(100, 102));
    await daemon(address);
    await collected.untilText(linesOf(102, 102)[0]);
    assert.deepEqual(collected.texts, [...linesOf(1, 3), ...linesOf(100, 102)]);
    assert.ok(collected.notes.some((n) => n.level === 'warn' && /rotated/.test(n.text)), JSON.stringify(collected.notes));
  });

  it('waits for a log that does not exist yet, then shows it from its start', async () => {
    const d = await daemon();
    const collected = new CollectedLogSink();
    closers.push(startExtensionFollower(() => d.address, collected, 5).close);
    await collected.untilNote(/does not exist yet/);
    append(d.logPath('installer'), linesOf(1, 2));
    await collected.untilText(linesOf(2, 2)[0]);
    assert.deepEqual(collected.texts, linesOf(1, 2));
  });

  it('keeps retrying while the host is down, and follows once it is up', async () => {
    const first = await daemon();
    const address = first.address;
    await stop(first);
    const collected = new CollectedLogSink();
    const { follower, close } = startExtensionFollower(() => address, collected, 5);
    closers.push(close);
    await collected.untilNote(/connection lost.*connection refused/);
    const d = await daemon(address);
    append(d.logPath('installer'), linesOf(1, 2));
    await collected.untilText(linesOf(2, 2)[0]);
    assert.ok(!follower.isStopped);
    assert.equal(collected.notes.filter((n) => /connection lost/.test(n.text)).length, 1, 'one note per outage, not one per attempt');
  });

  it('stops with the daemon\'s words for a log that is not in the catalog', async () => {
    const d = await daemon();
    const collected = new CollectedLogSink();
    const { follower } = startExtensionFollower(() => d.address, collected, 5, 'nope');
    await follower.done;
    assert.equal(collected.notes.length, 1);
    assert.equal(collected.notes[0].level, 'error');
    assert.match(collected.notes[0].text, /stopped following the nope log: .*no log named "nope"/);
  });

  it('drops lines a server sends again before the resume point', async () => {
    const enc = new TextEncoder();
    const chunk = (offset: number, text: string, fileId = 'f1') =>
      create(TailLogResponseSchema, {
        item: { case: 'chunk', value: { offset: BigInt(offset), data: enc.encode(text), lineCount: text.split('\n').length - 1, nextOffset: BigInt(offset + enc.encode(text).length), fileId } },
      });
    const requests: TailRequest[] = [];
    const streams: TailLogResponse[][] = [
      [chunk(0, 'a1\nb22\n')], // then the connection drops
      [chunk(3, 'b22\nc333\n')], // a server that resends "b22"
    ];
    const collected = new CollectedLogSink();
    const follower = new LogFollower({
      log: 'installer',
      lastLines: 10,
      backoff: FAST_BACKOFF,
      sink: collected.sink,
      open: (request) => {
        requests.push(request);
        const items = streams.shift();
        return fakeStream(items ?? [], items ? { code: grpcStatus.UNAVAILABLE, details: 'Connection dropped' } : undefined);
      },
    }).start();
    await collected.untilText('c333');
    follower.stop();
    assert.deepEqual(collected.texts, ['a1', 'b22', 'c333']);
    assert.deepEqual(collected.lines.map((l) => l.offset), [0, 3, 7]);
    assert.equal(requests[1].startOffset, 7n);
    assert.equal(requests[1].fileId, 'f1');
  });

  it('marks error lines so they stand out', () => {
    assert.equal(classifyLogLine('2026-11-25 10:00:00 ERROR cannot open /etc/vxagent'), 'error');
    assert.equal(classifyLogLine('Prerequisite check failed: kernel 2.6 is not supported'), 'error');
    assert.equal(classifyLogLine('FATAL: out of disk space'), 'error');
    assert.equal(classifyLogLine('WARNING: VSS provider was not installed'), 'warn');
    assert.equal(classifyLogLine('Installation succeeded'), 'info');
    assert.equal(classifyLogLine('MIRRORS updated'), 'info', 'ERROR only as a word');
    const lines = chunkLines(new TextEncoder().encode('one\r\ntwo ERROR\nthree'), 100, 'f');
    assert.deepEqual(
      lines.map((l) => [l.text, l.level, l.offset]),
      [
        ['one', 'info', 100],
        ['two ERROR', 'error', 105],
        ['three', 'info', 115],
      ],
    );
  });
});

/** A ServerStream that yields `items`, then fails with `error` (or waits until cancelled). */
function fakeStream(items: TailLogResponse[], error?: { code: number; details: string }): ServerStream<TailLogResponse> {
  let cancel: () => void = () => undefined;
  const cancelled = new Promise<void>((resolve) => (cancel = resolve));
  return {
    cancel: () => cancel(),
    async *[Symbol.asyncIterator]() {
      yield* items;
      if (error) throw Object.assign(new Error(error.details), error);
      await cancelled;
    },
  };
}
