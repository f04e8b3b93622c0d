/**
 * Log streams over REST (GET /v1/logs/:name) against an in-process daemon: NDJSON
 * and Server-Sent Events read incrementally (no sleeps), resumed from an offset or
 * a Last-Event-ID, and freed when a client leaves.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { LogEventKind, TailLogResponseSchema, type LogChunk } from '../../gen/mobility/v1/agent_control_pb';
import { lineText, linesOf, wholeLinesWithin } from '../helpers/log-lines';
import { useRestDaemon } from '../helpers/rest-daemon';
import { waitFor } from '../helpers/wait-for';

describe('REST API', () => {
  const { daemon, log, get, tail } = useRestDaemon();

  describe('GET /v1/logs/:name as NDJSON', () => {
    it('sends the last N whole lines, one TailLogResponse JSON per line', async () => {
      fs.writeFileSync(log(), `${linesOf(1, 50).join('\n')}\npartial`);
      const res = await get('/v1/logs/installer?lines=3');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const body = await res.text();
      assert.ok(body.endsWith('\n'));
      const messages = body
        .split('\n')
        .slice(0, -1)
        .map((line) => fromJson(TailLogResponseSchema, JSON.parse(line) as JsonValue));
      const text = messages.map((m) => (m.item.case === 'chunk' ? Buffer.from(m.item.value.data).toString() : '')).join('');
      assert.deepEqual(text.split('\n').slice(0, -1), linesOf(48, 50));
    });

    it('streams a whole large log in chunks whose offsets tile the file', async () => {
      const content = `${linesOf(1, 60_000).join('\n')}\n`;
      fs.writeFileSync(log(), content);
      const c = await tail('');
      await c.done();
      assert.equal(c.text, content);
      let expected = 0n;
      for (const chunk of c.chunks) {
        assert.equal(chunk.offset, expected);
        expected = chunk.nextOffset;
      }
      assert.ok(c.chunks.length > 1);
    });

    it('stops at maxBytes and resumes from the last nextOffset and fileId with nothing lost or repeated', async () => {
      const content = `${linesOf(1, 1000).join('\n')}\n`;
      fs.writeFileSync(log(), content);
      const first = await tail('?maxBytes=10000');
      await first.done();
      assert.equal(first.text, wholeLinesWithin(content, 10_000));
      const last = first.chunks[first.chunks.length - 1];
      const rest = await tail(`?from=${last.nextOffset}&fileId=${encodeURIComponent(last.fileId)}`);
      await rest.done();
      assert.equal(first.text + rest.text, content);
    });

    it('follows: after the caught_up event it delivers a line appended to the log', async () => {
      fs.writeFileSync(log(), `${linesOf(1, 5).join('\n')}\n`);
      const c = await tail('?follow=true&lines=2');
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      assert.deepEqual(c.lines, linesOf(4, 5));
      fs.appendFileSync(log(), `${lineText(6)}\n`);
      await c.untilLines(3);
      assert.deepEqual(c.lines, linesOf(4, 6));
      c.abort();
    });

    it('frees the stream, its watcher and descriptors when the client aborts a follow', async () => {
      fs.writeFileSync(log(), 'a\n');
      const before = daemon().daemon.registry.stats();
      const followers = await Promise.all(Array.from({ length: 5 }, () => tail('?follow=true&lines=1')));
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      assert.equal(daemon().daemon.tailer.openCount(), 5);
      followers.forEach((f) => f.abort());
      await Promise.all(followers.map((f) => f.done()));
      await waitFor(() => daemon().daemon.tailer.openCount() === 0, 'every aborted follow freed');
      assert.deepEqual(daemon().daemon.registry.stats(), before);
    });
  });

  describe('GET /v1/logs/:name as Server-Sent Events', () => {
    it('resumes exactly from Last-Event-ID, as a reconnecting EventSource does with the same URL', async () => {
      const content = `${linesOf(1, 1000).join('\n')}\n`;
      fs.writeFileSync(log(), content);
      let text = '';
      let lastEventId: string | undefined;
      let rounds = 0;
      for (;;) {
        const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
        const c = await tail('?from=0&maxBytes=10000', { sse: true, headers });
        await c.done();
        assert.equal(c.contentType, 'text/event-stream; charset=utf-8');
        assert.equal(c.sse.at(-1)?.event, 'end', 'a complete finite stream says so');
        for (const e of c.sse.filter((x) => x.event === 'chunk')) {
          const chunk = fromJson(TailLogResponseSchema, JSON.parse(e.data) as JsonValue).item.value as LogChunk;
          assert.equal(e.id, `${chunk.nextOffset}@${chunk.fileId}`);
        }
        rounds++;
        if (c.chunks.length === 0) break;
        text += c.text;
        lastEventId = c.lastEventId;
      }
      assert.equal(text, content);
      // Lines of one length: every round but the last full one carries as many; the last round is empty.
      assert.equal(rounds, Math.ceil(content.length / wholeLinesWithin(content, 10_000).length) + 1, 'the log took several reconnections');
    });

    it('resumes with a ROTATED event and the new file when the log was rotated between connections', async () => {
      fs.writeFileSync(log(), 'old 1\nold 2\n');
      const c = await tail('?follow=true&from=0', { sse: true });
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      const id = c.lastEventId!;
      c.abort();
      fs.renameSync(log(), `${log()}.1`);
      fs.writeFileSync(log(), 'new 1\n');
      const resumed = await tail('?follow=true&from=0', { sse: true, headers: { 'last-event-id': id } });
      await resumed.untilLines(1);
      assert.deepEqual(resumed.lines, ['new 1']);
      assert.equal(resumed.events[0], LogEventKind.ROTATED);
      resumed.abort();
    });
  });
});
