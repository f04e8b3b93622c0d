/**
 * Finding 11: a resume offset that is wrong is an error, not a rotation or a
 * truncation, and a file_id that is not the log's says so in those words.
 * Over gRPC, and through the built mobilityctl.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { LogEventKind, type LogEvent } from '../../gen/mobility/v1/agent_control_pb';
import { requireBuiltCli, runCli } from '../helpers/cli-runner';
import { TailCollector } from '../helpers/tail-collector';
import { type TestDaemon, useTestDaemon } from '../helpers/test-daemon';

/** 3 lines of 20 bytes: line starts at 0, 20, 40; the end at 60. Offset 32 is inside the second line. */
const TEXT = 'installer line 0001\ninstaller line 0002\ninstaller line 0003\n';
/** The README's old example id: a real-looking id that is no file's here. */
const FOREIGN_FILE_ID = '65024:5317503';
/** Offsets that are wrong for TEXT with the file's own id: the error they get, over gRPC and through mobilityctl. */
const WRONG_OFFSETS = [
  { where: 'inside a line', offset: 32n, code: 'invalid_argument', message: /start_offset 32 is inside a line of log "installer"/ },
  { where: 'past the end', offset: 99999n, code: 'out_of_range', message: /start_offset 99999 is past the end of log "installer" \(60 bytes\)/ },
];

describe('finding 11: a resume offset that is wrong', () => {
  let log: string;

  const daemon = useTestDaemon();
  beforeEach(() => {
    log = daemon().logPath('installer');
    fs.writeFileSync(log, TEXT);
  });

  const collect = (request: Parameters<TestDaemon['client']['tailLog']>[0]) => new TailCollector(daemon().client.tailLog(request));
  const eventsOf = (c: TailCollector): LogEvent[] =>
    c.messages.flatMap((m) => (m.item.case === 'event' ? [m.item.value] : []));

  /** The log's real file id, as a previous TailLog gave it. */
  async function realFileId(): Promise<string> {
    const c = collect({ log: 'installer' });
    assert.equal(await c.done(), undefined);
    return c.chunks[0].fileId;
  }

  describe('over gRPC', () => {
    for (const { where, offset, code, message } of WRONG_OFFSETS) {
      it(`finding 11: an offset ${where}, with the file's own file_id, is ${code.toUpperCase()}`, async () => {
        const fileId = await realFileId();
        for (const follow of [false, true]) {
          const c = collect({ log: 'installer', startOffset: offset, fileId, follow });
          const err = await c.done();
          assert.equal(err?.code, code, `follow=${follow}: ${err?.message}; events ${c.events}`);
          assert.match(err!.message, message);
          assert.equal(c.text, '', 'nothing is replayed');
        }
      });
    }

    it('finding 11: a file_id that is not the log\'s says the file is a different one, and starts at its beginning', async () => {
      const c = collect({ log: 'installer', startOffset: 40n, fileId: FOREIGN_FILE_ID });
      assert.equal(await c.done(), undefined);
      const [first] = eventsOf(c);
      assert.equal(first?.kind, LogEventKind.DIFFERENT_FILE, `events: ${c.events}`);
      assert.equal(first.message, `the file of log "installer" is a different one than file id ${FOREIGN_FILE_ID}: starting at its beginning`);
      assert.equal(first.offset, 0n);
      assert.equal(first.fileId, await realFileId());
      assert.equal(c.text, TEXT);
    });

    it('finding 11: a file_id of a file rotated away still says ROTATED', async () => {
      const fileId = await realFileId();
      fs.renameSync(log, `${log}.1`);
      fs.writeFileSync(log, 'new 1\n');
      const c = collect({ log: 'installer', startOffset: 60n, fileId });
      assert.equal(await c.done(), undefined);
      assert.equal(eventsOf(c)[0]?.kind, LogEventKind.ROTATED);
      assert.match(eventsOf(c)[0].message, new RegExp(`log "installer" was rotated since file id ${fileId}`));
      assert.deepEqual(c.lines, ['new 1']);
    });

    it('finding 11: a file truncated since the offset (shorter now) restarts at 0 with TRUNCATED', async () => {
      const fileId = await realFileId(); // the daemon has read the file to 60
      const fd = fs.openSync(log, 'r+');
      fs.ftruncateSync(fd, 0); // copytruncate keeps the file, and so its id
      fs.writeSync(fd, 'after 1\n');
      fs.closeSync(fd);
      const c = collect({ log: 'installer', startOffset: 60n, fileId });
      assert.equal(await c.done(), undefined);
      assert.equal(eventsOf(c)[0]?.kind, LogEventKind.TRUNCATED);
      assert.deepEqual(c.lines, ['after 1']);
    });

    it('finding 11: a file truncated and grown past the offset restarts at 0 with TRUNCATED, not in the middle of new lines', async () => {
      const fileId = await realFileId();
      const fd = fs.openSync(log, 'r+');
      fs.ftruncateSync(fd, 0);
      // Four lines of 20 bytes: 60 is a line start in the new content too.
      const after = ['truncated then 0001', 'truncated then 0002', 'truncated then 0003', 'truncated then 0004'].map((l) => `${l}\n`).join('');
      fs.writeSync(fd, after, 0);
      fs.closeSync(fd);
      const c = collect({ log: 'installer', startOffset: 60n, fileId });
      assert.equal(await c.done(), undefined);
      assert.equal(eventsOf(c)[0]?.kind, LogEventKind.TRUNCATED, `events: ${c.events}`);
      assert.equal(c.text, after);
    });

    it('finding 11: a truncation a live follower saw makes a later resume from before it restart with TRUNCATED', async () => {
      const fileId = await realFileId();
      const follower = collect({ log: 'installer', follow: true });
      await follower.untilEvent(LogEventKind.CAUGHT_UP);
      const fd = fs.openSync(log, 'r+');
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, 'after 1\n', 0);
      fs.closeSync(fd);
      await follower.untilLines(1); // the follower noticed the truncation and read the new line
      assert.ok(follower.events.includes(LogEventKind.TRUNCATED));
      follower.cancel();
      const c = collect({ log: 'installer', startOffset: 40n, fileId }); // a line start before the truncation
      assert.equal(await c.done(), undefined);
      assert.equal(eventsOf(c)[0]?.kind, LogEventKind.TRUNCATED, `events: ${c.events}`);
      assert.deepEqual(c.lines, ['after 1']);
    });
  });

  describe('through mobilityctl', () => {
    requireBuiltCli();

    /** The fileId a previous `--json` run printed, as the README tells a user to take it. */
    async function fileIdFromJsonRun(): Promise<string> {
      const r = await runCli(['logs', 'installer', '-n', '1', '--json', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop()!).fileId;
    }

    for (const { where, offset, message } of WRONG_OFFSETS) {
      it(`finding 11: \`logs installer --from ${offset} --file-id <real id>\` exits 1 saying the offset is ${where}`, async () => {
        const fileId = await fileIdFromJsonRun();
        const r = await runCli(['logs', 'installer', '--from', String(offset), '--file-id', fileId, '--host', daemon().address]);
        assert.equal(r.code, 1, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /truncated|rotated/);
      });
    }

    it('finding 11: a file id that is not the log\'s says "different one", not "rotated", and prints the file', async () => {
      const r = await runCli(['logs', 'installer', '--from', '40', '--file-id', FOREIGN_FILE_ID, '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, TEXT);
      assert.equal(r.stderr, `mobilityctl: installer log file is a different one than file id ${FOREIGN_FILE_ID}: reading it from its beginning\n`);
      const json = await runCli(['logs', 'installer', '--from', '40', '--file-id', FOREIGN_FILE_ID, '--json', '--host', daemon().address]);
      assert.equal(JSON.parse(json.stdout.split('\n')[0]).event, 'different_file');
    });

    it('finding 11: resuming with a --json run\'s own nextOffset and fileId prints only what came after', async () => {
      const first = await runCli(['logs', 'installer', '-n', '2', '--json', '--host', daemon().address]);
      const last = JSON.parse(first.stdout.trim().split('\n').pop()!);
      fs.appendFileSync(log, 'installer line 0004\n');
      const r = await runCli(['logs', 'installer', '--from', String(last.nextOffset), '--file-id', last.fileId, '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'installer line 0004\n');
      assert.equal(r.stderr, '');
    });
  });
});
