import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { HealthCheckResponse_ServingStatus } from '../../gen/grpc/health/v1/health_pb';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { lineText, linesOf, wholeLinesWithin } from '../helpers/log-lines';
import { TailCollector } from '../helpers/tail-collector';
import { type TestDaemon, useTestDaemon } from '../helpers/test-daemon';
import { waitFor } from '../helpers/wait-for';

describe('TailLog', () => {
  let log: string;

  const daemon = useTestDaemon();
  beforeEach(() => {
    log = daemon().logPath('installer');
  });

  const collect = (request: Parameters<TestDaemon['client']['tailLog']>[0]) => new TailCollector(daemon().client.tailLog(request));

  describe('backfill', () => {
    it('sends the last N whole lines, leaving out an unterminated last line', async () => {
      fs.writeFileSync(log, `${linesOf(1, 50).join('\n')}\npartial`);
      const c = collect({ log: 'installer', lastLines: 3n });
      assert.equal(await c.done(), undefined);
      assert.deepEqual(c.lines, linesOf(48, 50));
    });

    it('sends the whole log without follow, in chunks whose offsets tile the file', async () => {
      const content = `${linesOf(1, 60_000).join('\n')}\n`;
      fs.writeFileSync(log, content);
      const c = collect({ log: 'installer' });
      await c.done();
      assert.equal(c.text, content);
      let expected = 0n;
      for (const chunk of c.chunks) {
        assert.equal(chunk.offset, expected);
        assert.equal(chunk.nextOffset, chunk.offset + BigInt(chunk.data.length));
        assert.equal(chunk.data[chunk.data.length - 1], 0x0a, 'every chunk ends on a line boundary');
        expected = chunk.nextOffset;
      }
      assert.ok(c.chunks.length > 1, 'a 3 MB log is batched into several messages');
    });

    it('resumes from the next_offset of a previous stream with nothing lost or repeated', async () => {
      const content = `${linesOf(1, 1000).join('\n')}\n`;
      fs.writeFileSync(log, content);
      const first = collect({ log: 'installer', maxBytes: 10_000n });
      await first.done();
      assert.equal(first.text, wholeLinesWithin(content, 10_000));
      const last = first.chunks[first.chunks.length - 1];
      const rest = collect({ log: 'installer', startOffset: last.nextOffset, fileId: last.fileId });
      await rest.done();
      assert.equal(first.text + rest.text, content);
    });

    it('stops at max_bytes on a line boundary, or after one line longer than the limit', async () => {
      fs.writeFileSync(log, `${'x'.repeat(500)}\nshort\n`);
      const c = collect({ log: 'installer', maxBytes: 100n });
      await c.done();
      assert.deepEqual(c.lines, ['x'.repeat(500)]);
    });
  });

  describe('follow', () => {
    it('delivers lines appended after it caught up, and a line only once it is complete', async () => {
      fs.writeFileSync(log, `${linesOf(1, 5).join('\n')}\n`);
      const c = collect({ log: 'installer', follow: true, lastLines: 2n });
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      assert.deepEqual(c.lines, linesOf(4, 5));
      fs.appendFileSync(log, `${lineText(6)}\nhalf a `);
      await c.untilLines(3);
      fs.appendFileSync(log, 'line\n');
      await c.untilLines(4);
      assert.deepEqual(c.lines, [...linesOf(4, 6), 'half a line']);
      c.cancel();
    });

    it('waits for a log that does not exist yet', async () => {
      const c = collect({ log: 'configurator', follow: true });
      await c.untilEvent(LogEventKind.WAITING);
      fs.writeFileSync(daemon().logPath('configurator'), 'registered\n');
      await c.untilLines(1);
      assert.deepEqual(c.lines, ['registered']);
      assert.ok(c.events.includes(LogEventKind.OPENED));
      c.cancel();
    });

    it('follows rename rotation and copytruncate under a concurrent writer, every line once and in order', async function () {
      this.timeout(60_000);
      const total = 4000;
      const c = collect({ log: 'installer', follow: true, startOffset: 0n });
      await c.untilEvent(LogEventKind.WAITING);
      let fd = fs.openSync(log, 'a');
      for (let i = 1; i <= total; i++) {
        fs.writeSync(fd, `${lineText(i)}\n`);
        if (i % 400 === 0) {
          if ((i / 400) % 2 === 1) {
            fs.closeSync(fd); // logrotate's default: rename, then the writer reopens the name
            fs.renameSync(log, `${log}.1`);
            fd = fs.openSync(log, 'a');
          } else {
            fs.copyFileSync(log, `${log}.1`); // logrotate's copytruncate
            fs.ftruncateSync(fd, 0);
          }
        }
        // Let the daemon run between writes, as a real writer in another process would.
        if (i % 20 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      fs.closeSync(fd);
      await c.untilLines(total);
      assert.deepEqual(c.lines, linesOf(1, total));
      assert.ok(c.events.includes(LogEventKind.ROTATED), 'rotation was reported');
      assert.ok(c.events.includes(LogEventKind.TRUNCATED), 'truncation was reported');
      c.cancel();
    });

    it('serves 100 followers of one file from one watcher, each receiving every line', async function () {
      this.timeout(60_000);
      fs.writeFileSync(log, '');
      const followers = Array.from({ length: 100 }, () => collect({ log: 'installer', follow: true }));
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      assert.deepEqual(daemon().daemon.registry.stats().followedFiles, 1);
      assert.equal(daemon().daemon.registry.stats().watchers, 1);
      for (let i = 1; i <= 500; i++) {
        fs.appendFileSync(log, `${lineText(i)}\n`);
        if (i % 50 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(followers.map((f) => f.untilLines(500)));
      for (const f of followers) assert.deepEqual(f.lines, linesOf(1, 500));
      followers.forEach((f) => f.cancel());
    });

    it('frees its watcher, descriptors and stream when the client cancels', async () => {
      fs.writeFileSync(log, 'a\n');
      const openFds = () => fs.readdirSync('/proc/self/fd').length;
      await daemon().client.checkHealth(); // the connection's sockets exist before counting
      const before = { fds: openFds(), stats: daemon().daemon.registry.stats() };
      const followers = Array.from({ length: 10 }, () => collect({ log: 'installer', follow: true, lastLines: 1n }));
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      assert.equal(daemon().daemon.registry.stats().watchers, before.stats.watchers + 1);
      assert.equal(daemon().daemon.tailer.openCount(), 10);
      followers.forEach((f) => f.cancel());
      await Promise.all(followers.map((f) => f.done()));
      await waitFor(() => daemon().daemon.tailer.openCount() === 0 && openFds() === before.fds, 'every follower freed with its descriptors');
      assert.deepEqual(daemon().daemon.registry.stats(), before.stats);
    });

    it('restarts at 0 with a ROTATED event when resuming with the file_id of a rotated file', async () => {
      fs.writeFileSync(log, 'old 1\nold 2\n');
      const first = collect({ log: 'installer' });
      await first.done();
      const { nextOffset, fileId } = first.chunks[0];
      fs.renameSync(log, `${log}.1`);
      fs.writeFileSync(log, 'new 1\n');
      const c = collect({ log: 'installer', follow: true, startOffset: nextOffset, fileId });
      await c.untilLines(1);
      assert.deepEqual(c.lines, ['new 1']);
      assert.equal(c.events[0], LogEventKind.ROTATED);
      c.cancel();
    });
  });

  describe('bad input', () => {
    const failure = async (request: Parameters<TestDaemon['client']['tailLog']>[0]) => {
      const err = await collect(request).done();
      assert.ok(err, 'the call must fail');
      return err;
    };

    afterEach(async () => {
      const health = await daemon().client.checkHealth();
      assert.equal(health.status, HealthCheckResponse_ServingStatus.SERVING, 'the daemon stays healthy');
    });

    it('names the valid logs for an unknown log name', async () => {
      const err = await failure({ log: '/etc/shadow' });
      assert.equal(err.code, 'not_found');
      assert.match(err.message, /no log named "\/etc\/shadow".*installer, configurator/);
    });

    it('rejects a negative or absurd line count', async () => {
      fs.writeFileSync(log, 'a\n');
      for (const lastLines of [-1n, 5_000_000n]) {
        const err = await failure({ log: 'installer', lastLines });
        assert.equal(err.code, 'invalid_argument');
        assert.match(err.message, /last_lines must be a whole number from 0 to 1,000,000/);
      }
    });

    it('rejects an offset past the end with OUT_OF_RANGE and one inside a line with INVALID_ARGUMENT', async () => {
      fs.writeFileSync(log, 'hello\nworld\n');
      const past = await failure({ log: 'installer', startOffset: 100n });
      assert.equal(past.code, 'out_of_range');
      assert.match(past.message, /past the end of log "installer" \(12 bytes\)/);
      const inside = await failure({ log: 'installer', startOffset: 3n });
      assert.equal(inside.code, 'invalid_argument');
      assert.match(inside.message, /inside a line/);
      const both = await failure({ log: 'installer', startOffset: 0n, lastLines: 1n });
      assert.equal(both.code, 'invalid_argument');
    });

    it('says how to wait for a log that does not exist yet, and reports one that cannot be read', async () => {
      const missing = await failure({ log: 'configurator' });
      assert.equal(missing.code, 'not_found');
      assert.match(missing.message, /does not exist yet; follow it \(-f\)/);
      fs.mkdirSync(log); // a folder where the log should be: unreadable as a log
      const unreadable = await failure({ log: 'installer' });
      assert.equal(unreadable.code, 'failed_precondition');
      assert.match(unreadable.message, /is a directory/);
    });
  });
});
