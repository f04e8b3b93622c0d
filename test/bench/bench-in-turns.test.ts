/**
 * The TLS bench measures its variants in turns; these check that what each
 * variant is credited with is its own: the lines written to its log, the calls
 * made to it and their failures.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writePaced } from '../../bench/lib/paced-writer';
import { scanTimedLines } from '../../bench/lib/timed-lines';
import { driveInTurns } from '../../bench/lib/turn-driver';

describe('bench: measuring variants in turns', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-bench-test-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the paced writer given several logs writes line after line to each in turn', async () => {
    const files = ['a', 'b', 'c'].map((name) => path.join(dir, `${name}.log`));
    for (const file of files) fs.writeFileSync(file, '');
    const write = await writePaced({ file: files, rate: 2000, total: 10, maxMs: 10_000 });
    assert.equal(write.written, 10);
    const seqs = files.map((file) => {
      const found: number[] = [];
      scanTimedLines(fs.readFileSync(file), (seq) => found.push(seq));
      return found;
    });
    assert.deepEqual(seqs, [[1, 4, 7, 10], [2, 5, 8], [3, 6, 9]]);
  });

  it('calls in turns credit each target with its own calls and failures', async () => {
    let calls = 0;
    const ok = async () => void calls++;
    const failing = async () => {
      calls++;
      throw new Error('refused');
    };
    const [first, second] = await driveInTurns(
      [
        { call: ok, pid: process.pid },
        { call: failing, pid: process.pid },
      ],
      60_000,
      9,
    );
    assert.equal(calls, 9);
    assert.deepEqual([first.calls, first.errors, second.calls, second.errors], [5, 0, 0, 4]);
    assert.equal(second.firstError, 'refused');
    assert.equal(first.latency.count, 5);
  });
});
