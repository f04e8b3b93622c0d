/**
 * Finding 10: a writer that keeps its descriptor across a rename rotation goes
 * on writing into the renamed file. The follower keeps that file open and reads
 * what arrives in it until it has been quiet for a grace period, so no line that
 * exists on disk is lost. Every line arrives once, and each file's lines in order.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { DEFAULT_ROTATED_LOG_GRACE_MS } from '../../server/core/config/daemon-config';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';
import { resumeIdOf } from '../../server/rest/tail-formats';
import { lineText, linesOf } from '../helpers/log-lines';
import { TailCollector } from '../helpers/tail-collector';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';

/** Writes numbered lines through a descriptor, as an installer does. */
function writeLines(fd: number, from: number, to: number): void {
  for (let i = from; i <= to; i++) fs.writeSync(fd, `${lineText(i)}\n`);
}

/** What arrived, grouped by the file generation it came from, in arrival order. */
function linesByFile(c: TailCollector): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const chunk of c.chunks) {
    const lines = Buffer.from(chunk.data).toString('utf8').split('\n').slice(0, -1);
    byFile.set(chunk.fileId, [...(byFile.get(chunk.fileId) ?? []), ...lines]);
  }
  return byFile;
}

const lineNumber = (line: string) => Number(line.slice(-6));

/** Every line once (nothing lost, nothing repeated), and each file's lines in increasing order. */
function assertOnceAndInOrderPerFile(c: TailCollector, total: number): void {
  const received = c.lines.map(lineNumber);
  const duplicates = received.filter((n, i) => received.indexOf(n) !== i);
  assert.deepEqual(duplicates, [], 'no line arrives twice');
  const missing = Array.from({ length: total }, (_, k) => k + 1).filter((n) => !received.includes(n));
  assert.deepEqual(missing, [], `no line is lost: ${missing.length} of ${total} missing, first ${missing.slice(0, 5)}, received ${received.length}`);
  for (const [fileId, lines] of linesByFile(c)) {
    const numbers = lines.map(lineNumber);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), `the lines of file ${fileId} arrive in order`);
  }
}

describe('finding 10: lines written to a log after a rename rotation', () => {
  let t: TestDaemon | undefined;
  let log: string;
  const start = async (config: { rotatedLogGraceMs?: number } = {}) => {
    t = await startTestDaemon({ config });
    log = t.logPath('installer');
    return t;
  };
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const follow = (d: TestDaemon) => new TailCollector(d.client.tailLog({ log: 'installer', follow: true, startOffset: 0n }));

  it('finding 10: delivers what the writer puts into the renamed file after the follower moved to the new one (create)', async () => {
    const d = await start();
    const c = follow(d);
    await c.untilEvent(LogEventKind.WAITING);
    let fd = fs.openSync(log, 'a');
    writeLines(fd, 1, 10);
    await c.untilLines(10);
    fs.renameSync(log, `${log}.1`); // logrotate's create: rename, then a new empty file at once
    fs.closeSync(fs.openSync(log, 'a'));
    await c.untilEvent(LogEventKind.ROTATED);
    writeLines(fd, 11, 20); // the installer has not reopened its log: these go into the renamed file
    fs.closeSync(fd);
    fd = fs.openSync(log, 'a');
    writeLines(fd, 21, 30);
    fs.closeSync(fd);
    await c.until((x) => x.lines.includes(lineText(30)), 'the last line');
    assertOnceAndInOrderPerFile(c, 30);
    const byFile = [...linesByFile(c).values()];
    assert.deepEqual(byFile, [linesOf(1, 20), linesOf(21, 30)]);
    const late = c.chunks.filter((chunk) => chunk.previousFile);
    assert.ok(late.length > 0, 'lines of the renamed file that arrived after ROTATED are marked previous_file');
    assert.deepEqual(Buffer.concat(late.map((chunk) => chunk.data)).toString('utf8'), `${linesOf(11, 20).join('\n')}\n`);
    c.cancel();
  });

  it('finding 10: delivers what the writer puts into the renamed file while the log is missing, then the reopened log', async () => {
    const d = await start();
    const c = follow(d);
    await c.untilEvent(LogEventKind.WAITING);
    let fd = fs.openSync(log, 'a');
    writeLines(fd, 1, 10);
    await c.untilLines(10);
    fs.renameSync(log, `${log}.1`); // no new file until the writer reopens the name
    await c.untilEvent(LogEventKind.REMOVED);
    writeLines(fd, 11, 20);
    fs.closeSync(fd);
    fd = fs.openSync(log, 'a');
    writeLines(fd, 21, 30);
    fs.closeSync(fd);
    await c.until((x) => x.lines.includes(lineText(30)), 'the last line');
    assertOnceAndInOrderPerFile(c, 30);
    assert.deepEqual([...linesByFile(c).values()], [linesOf(1, 20), linesOf(21, 30)]);
    c.cancel();
  });

  it('finding 10: completes a line the writer finishes through the old descriptor instead of cutting it in two', async () => {
    const d = await start();
    const c = follow(d);
    await c.untilEvent(LogEventKind.WAITING);
    const fd = fs.openSync(log, 'a');
    fs.writeSync(fd, `${lineText(1)}\nhalf a `);
    await c.untilLines(1);
    fs.renameSync(log, `${log}.1`);
    fs.writeFileSync(log, `${lineText(3)}\n`);
    await c.until((x) => x.lines.includes(lineText(3)), 'the new file\'s line');
    fs.writeSync(fd, 'line\n');
    fs.closeSync(fd);
    await c.until((x) => x.lines.includes('half a line'), 'the completed line');
    assert.deepEqual([...linesByFile(c).values()], [[lineText(1), 'half a line'], [lineText(3)]]);
    c.cancel();
  });

  it('finding 10: lets go of the renamed file once it has been quiet for the grace period', async () => {
    const d = await start({ rotatedLogGraceMs: 0 }); // 0: the first check that finds it quiet closes it
    fs.writeFileSync(log, `${lineText(1)}\n`);
    const c = follow(d);
    await c.untilEvent(LogEventKind.CAUGHT_UP); // the backfill has let go of its descriptor
    const following = d.daemon.registry.stats().openFiles;
    fs.renameSync(log, `${log}.1`);
    fs.writeFileSync(log, `${lineText(2)}\n`);
    await c.untilLines(2);
    fs.appendFileSync(log, `${lineText(3)}\n`);
    await c.untilLines(3); // the check that read line 3 found the renamed file quiet
    assert.equal(d.daemon.registry.stats().openFiles, following, 'only the current file stays open');
    assert.deepEqual(c.lines, linesOf(1, 3));
    c.cancel();
  });

  it('finding 10: loses and repeats no line over 200 rotations alternating rename and copytruncate, the writer holding its descriptor', async function () {
    this.timeout(60_000);
    const d = await start();
    const c = follow(d);
    await c.untilEvent(LogEventKind.WAITING);
    const yieldToDaemon = () => new Promise<void>((resolve) => setImmediate(resolve));
    let fd = fs.openSync(log, 'a');
    let n = 0;
    // Writes with a turn of the event loop now and then, so the follower reads while lines are written.
    const write = async (count: number) => {
      for (let k = 0; k < count; k++) {
        writeLines(fd, n + 1, n + 1);
        n++;
        if (n % 7 === 0) await yieldToDaemon();
      }
    };
    const received = (line: number) => c.until((x) => x.text.includes(lineText(line)), `line ${line}`);
    const rotations = () => c.events.filter((kind) => kind === LogEventKind.ROTATED).length;
    const shift = () => fs.existsSync(`${log}.1`) && fs.renameSync(`${log}.1`, `${log}.2`); // logrotate keeps older ones as .2
    for (let rotation = 0; rotation < 200; rotation++) {
      await write(15);
      await received(n); // the follower is on the current file before it is rotated
      shift();
      if (rotation % 2 === 0) {
        const seen = rotations();
        fs.renameSync(log, `${log}.1`); // create: rename, a new empty file, the writer keeps its descriptor
        fs.closeSync(fs.openSync(log, 'a'));
        await write(5); // into the renamed file, while the follower may be moving to the new one
        await c.until(() => rotations() > seen, 'the follower to move to the new file');
        await write(10); // into the renamed file, after the follower moved
        fs.closeSync(fd);
        fd = fs.openSync(log, 'a'); // the writer reopens its log (e.g. on SIGHUP)
      } else {
        fs.copyFileSync(log, `${log}.1`); // copytruncate
        fs.ftruncateSync(fd, 0);
      }
      await write(15);
      await received(n);
    }
    fs.closeSync(fd);
    assertOnceAndInOrderPerFile(c, n);
    assert.ok(c.events.includes(LogEventKind.TRUNCATED), 'copytruncate was noticed');
    c.cancel();
  });

  it('finding 10: REST/SSE gives a rotated file\'s late lines no event id, so Last-Event-ID stays in the current file', () => {
    const data = Buffer.from(`${lineText(1)}\n`);
    const current = { kind: 'chunk' as const, fileId: '1:2', offset: 0, data, lines: 1 };
    assert.equal(resumeIdOf(current), `${data.length}@1:2`);
    assert.equal(resumeIdOf({ ...current, fileId: '1:1', previousFile: true }), undefined);
  });

  it('finding 10: the grace period is 5 minutes, or the config file\'s rotatedLogGraceMs (whole milliseconds from 0)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobilityd-grace-'));
    try {
      const config = (value: unknown) => {
        const file = path.join(dir, 'config.json');
        fs.writeFileSync(file, JSON.stringify({ rotatedLogGraceMs: value }));
        return ['--config', file];
      };
      const run = (argv: string[]) => {
        const parsed = parseDaemonArgs(argv);
        assert.equal(parsed.kind, 'run');
        return parsed.kind === 'run' ? parsed.config.rotatedLogGraceMs : NaN;
      };
      assert.equal(run([]), DEFAULT_ROTATED_LOG_GRACE_MS);
      assert.equal(DEFAULT_ROTATED_LOG_GRACE_MS, 300_000);
      assert.equal(run(config(0)), 0);
      assert.equal(run(config(60_000)), 60_000);
      for (const bad of [-1, 1.5, '5m']) {
        assert.throws(() => parseDaemonArgs(config(bad)), (e: Error) => e instanceof UsageError && /rotatedLogGraceMs must be a whole number of milliseconds/.test(e.message));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
