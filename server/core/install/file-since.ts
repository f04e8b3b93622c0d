/**
 * Reads only what a program wrote to a file while a job ran: the file's size,
 * inode and modification time are noted before the run (`markFile`); after it,
 * `readSince` returns the appended part of a file that grew, the whole of a
 * file that was created or rewritten, and nothing from a file the run left
 * alone or that dates from an earlier run. Reads are bounded: a region larger
 * than `maxBytes` gives its last `maxBytes` (from the next whole line).
 */
import * as fs from 'node:fs/promises';

export interface FileMark {
  size: number;
  ino: number;
  mtimeMs: number;
}

export type SinceState = 'absent' | 'unchanged' | 'earlier-run' | 'written';

export interface SinceRead {
  state: SinceState;
  text: string;
  /** The region was larger than the bound: `text` is its end only. */
  truncated: boolean;
  /** Bytes written during the job (before the bound was applied). */
  bytes: number;
}

/** Filesystems stamp times coarsely (down to 1–2 s): a file stamped within this of the start counts as this job's. */
const MTIME_SLACK_MS = 2000;

export async function markFile(file: string): Promise<FileMark | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat?.isFile() ? { size: stat.size, ino: stat.ino, mtimeMs: stat.mtimeMs } : undefined;
}

/** `whole`: a changed file is read from its start (a JSON document), not from the mark. */
export async function readSince(
  file: string,
  mark: FileMark | undefined,
  jobStartMs: number,
  maxBytes: number,
  options: { whole?: boolean } = {},
): Promise<SinceRead> {
  const now = await markFile(file);
  if (!now) return empty('absent');
  const sameFile = mark !== undefined && mark.ino === now.ino;
  if (sameFile && now.size === mark.size && now.mtimeMs === mark.mtimeMs) return empty('unchanged');
  const appended = sameFile && now.size >= mark.size;
  // A file not seen before or replaced must carry this job's time, or it is a leftover.
  if (!appended && now.mtimeMs < jobStartMs - MTIME_SLACK_MS) return empty('earlier-run');
  const from = appended && !options.whole ? mark.size : 0;
  return { state: 'written', ...(await readRegion(file, from, now.size, maxBytes)) };
}

function empty(state: SinceState): SinceRead {
  return { state, text: '', truncated: false, bytes: 0 };
}

async function readRegion(file: string, from: number, to: number, maxBytes: number): Promise<Omit<SinceRead, 'state'>> {
  const bytes = Math.max(0, to - from);
  const truncated = bytes > maxBytes;
  const start = truncated ? to - maxBytes : from;
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(bytes, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (truncated) text = text.slice(text.indexOf('\n') + 1); // the first line was cut
    return { text, truncated, bytes };
  } finally {
    await handle.close();
  }
}
