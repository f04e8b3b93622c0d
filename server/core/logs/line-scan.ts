/** Line arithmetic on byte offsets: where lines start, where the last N begin. */
import type { SharedFd } from './shared-fd';

const NL = 0x0a;
const BLOCK = 64 * 1024;

/** Offset just past the last "\n" at or before `end` (0 when there is none). */
export async function endOfLastLine(file: SharedFd, end: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(BLOCK);
  let pos = end;
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const n = await file.read(buffer, pos - start, start);
    const i = buffer.subarray(0, n).lastIndexOf(NL);
    if (i >= 0) return start + i + 1;
    pos = start;
  }
  return 0;
}

/**
 * Offset where the last `count` whole lines before `end` start. `end` must be a
 * line boundary. Reads backwards in blocks, so a 200 MB log costs a few reads.
 */
export async function startOfLastLines(file: SharedFd, end: number, count: number): Promise<number> {
  if (count <= 0) return end;
  const buffer = Buffer.allocUnsafe(BLOCK);
  let pos = end;
  // The newline that ends the last line is not a separator between lines.
  let newlinesToSkip = count + 1;
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const n = await file.read(buffer, pos - start, start);
    for (let i = n - 1; i >= 0; i--) {
      if (buffer[i] === NL && --newlinesToSkip === 0) return start + i + 1;
    }
    pos = start;
  }
  return 0;
}

/** True when `offset` is the start of a line: 0, or just past a "\n". */
export async function isLineStart(file: SharedFd, offset: number): Promise<boolean> {
  if (offset === 0) return true;
  const one = Buffer.allocUnsafe(1);
  const n = await file.read(one, 1, offset - 1);
  return n === 1 && one[0] === NL;
}

/** Counts "\n" bytes. */
export function countLines(data: Uint8Array): number {
  let lines = 0;
  let i = -1;
  while ((i = data.indexOf(NL, i + 1)) !== -1) lines++;
  return lines;
}

export function lastNewline(data: Buffer): number {
  return data.lastIndexOf(NL);
}
