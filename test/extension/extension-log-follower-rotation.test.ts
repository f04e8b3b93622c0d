/**
 * The extension's log follower against real mobilityd, for findings 10 and 11:
 * late lines of a rotated file are shown without moving the resume point out
 * of the current file, and a daemon whose log is another file says so.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { linesOf } from '../helpers/log-lines';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { CollectedLogSink } from '../helpers/collected-log-sink';
import { startExtensionFollower } from '../helpers/extension-follower';

const line = (i: number) => linesOf(i, i)[0];
const append = (file: string, from: number, to: number) => fs.appendFileSync(file, linesOf(from, to).map((l) => `${l}\n`).join(''));

describe('extension: log follower across rotation and foreign file ids', () => {
  let sandboxes: Sandbox[];
  let daemons: TestDaemon[];
  let closers: (() => void)[];

  beforeEach(() => {
    sandboxes = [makeSandbox()];
    daemons = [];
    closers = [];
  });

  afterEach(async () => {
    for (const close of closers) close();
    for (const d of daemons) await d.stop();
    for (const s of sandboxes) s.remove();
  });

  async function daemon(sandbox: Sandbox, listen?: string): Promise<TestDaemon> {
    const d = await startTestDaemon({ sandbox, config: listen ? { listen: [listen] } : {} });
    daemons.push(d);
    return d;
  }

  async function stop(d: TestDaemon): Promise<void> {
    await d.stop();
    daemons = daemons.filter((x) => x !== d);
  }

  function follow(address: () => string, collected: CollectedLogSink) {
    const started = startExtensionFollower(address, collected, 10);
    closers.push(started.close);
    return started.follower;
  }

  it('finding 10: shows late lines of a rotated file and still resumes in the current file, each line once', async () => {
    const first = await daemon(sandboxes[0]);
    const address = first.address;
    const log = first.logPath('installer');
    const writer = fs.openSync(log, 'a'); // an installer that keeps its log open
    fs.writeSync(writer, linesOf(1, 3).map((l) => `${l}\n`).join(''));
    const collected = new CollectedLogSink();
    const follower = follow(() => address, collected);
    await collected.untilText(line(3));
    fs.renameSync(log, `${log}.1`);
    append(log, 4, 4);
    await collected.untilText(line(4));
    fs.writeSync(writer, `${line(5)}\n`); // into the renamed file, after the follower moved on
    fs.closeSync(writer);
    await collected.untilText(line(5));
    assert.equal(follower.resume?.fileId, fs.statSync(log).dev + ':' + fs.statSync(log).ino, 'the resume point stays in the current file');

    await stop(first);
    await collected.untilNote(/connection lost/);
    append(log, 6, 6);
    await daemon(sandboxes[0], address);
    append(log, 7, 7);
    await collected.untilText(line(7));
    assert.deepEqual(collected.texts, linesOf(1, 7));
  });

  it('finding 11: on a daemon whose log is another file, says the file is a different one, not that it rotated', async () => {
    const first = await daemon(sandboxes[0]);
    let address = first.address;
    append(first.logPath('installer'), 1, 3);
    const collected = new CollectedLogSink();
    follow(() => address, collected);
    await collected.untilText(line(3));
    await stop(first);
    await collected.untilNote(/connection lost/);

    sandboxes.push(makeSandbox()); // another host answers at the address now: its log is another file
    const second = await daemon(sandboxes[1]);
    append(second.logPath('installer'), 100, 101);
    address = second.address;
    await collected.untilText(line(101));
    assert.deepEqual(collected.texts, [...linesOf(1, 3), ...linesOf(100, 101)]);
    const note = collected.notes.find((n) => /is a different one than file id \d+:\d+: starting at its beginning/.test(n.text));
    assert.ok(note, JSON.stringify(collected.notes));
    assert.equal(note.level, 'warn');
    assert.ok(!collected.notes.some((n) => /rotated/.test(n.text)), JSON.stringify(collected.notes));
  });
});
