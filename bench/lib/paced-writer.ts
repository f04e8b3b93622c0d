/**
 * Appends stamped lines to a log at a steady rate, like a program writing its
 * log: one write() per line, each line stamped just before it is written. If
 * the event loop falls behind, the lines that are due are written at once.
 * Bounded by line count and by time. Given several files, it writes to each in
 * turn (line seq goes to files[(seq - 1) % files.length]).
 */
import * as fs from 'node:fs';
import { nowMs, sleep } from './clock';
import { timedLine } from './timed-lines';

export interface PacedWriteOptions {
  file: string | readonly string[];
  /** Lines per second. */
  rate: number;
  /** Lines to write (seq 1..total). */
  total: number;
  /** Stop after this long even if not all lines were written. */
  maxMs: number;
}

export interface PacedWriteResult {
  written: number;
  /** seq of the last line written (== written). */
  lastSeq: number;
  elapsedMs: number;
  /** Writes that were more than 2 intervals late (the writer's own event loop lagged). */
  lateWrites: number;
}

export async function writePaced(options: PacedWriteOptions): Promise<PacedWriteResult> {
  const interval = 1000 / options.rate;
  const fds = (typeof options.file === 'string' ? [options.file] : options.file).map((file) => fs.openSync(file, 'a'));
  const start = nowMs();
  let written = 0;
  let lateWrites = 0;
  try {
    while (written < options.total) {
      const now = nowMs();
      const elapsed = now - start;
      if (elapsed > options.maxMs) break;
      const due = Math.min(options.total, Math.floor(elapsed / interval) + 1);
      while (written < due) {
        if (elapsed - written * interval > 2 * interval) lateWrites++;
        written++;
        fs.writeSync(fds[(written - 1) % fds.length], timedLine(written, nowMs()));
      }
      await sleep(start + written * interval - nowMs());
    }
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
  return { written, lastSeq: written, elapsedMs: nowMs() - start, lateWrites };
}

/** One warm-up line (seq=0). */
export function writeWarmupLine(file: string): void {
  fs.appendFileSync(file, timedLine(0, nowMs()));
}
