/**
 * Reading the whole lines a file has past an offset, in bounded slices: the
 * one read loop of the live follower, for the current file and for rotated
 * files it still drains.
 */
import { lastNewline } from './line-scan';
import type { SharedFd } from './shared-fd';

const SLICE = 1024 * 1024;
/** How many bytes before a read position identify the content there. */
export const FINGERPRINT = 64;

/**
 * - `slice`: at most one slice (the caller yields, then reads on);
 * - `all`: everything there is now, whole lines only;
 * - `final`: everything, and a last line without "\n" counts as a line (the
 *   file will not be read again).
 */
export type ReadMode = 'slice' | 'all' | 'final';

/** Where reading a file has got to. */
export interface Cursor {
  /** End of the last whole line read. */
  offset: number;
  /** The bytes just before `offset` (empty at 0): a truncated or rewritten file differs there. */
  fingerprint: Buffer;
}

export interface ReadResult extends Cursor {
  /** True when it stopped after one slice with more to read. */
  more: boolean;
}

/** Hands whole lines from the cursor on to `emit`, one call per slice; returns the new cursor. */
export function readWholeLines(
  file: SharedFd,
  from: Cursor,
  mode: ReadMode,
  emit: (offset: number, data: Buffer) => void,
): ReadResult {
  let { offset, fingerprint } = from;
  for (let slices = 0; ; slices++) {
    const size = file.sizeSync();
    if (size <= offset) return { offset, fingerprint, more: false };
    if (slices > 0 && mode === 'slice') return { offset, fingerprint, more: true };
    const length = Math.min(SLICE, size - offset);
    const buffer = Buffer.allocUnsafe(length);
    const n = file.readSync(buffer, length, offset);
    let end = lastNewline(buffer.subarray(0, n)) + 1;
    if (end === 0) {
      // No whole line yet: wait for its "\n" (a file read for the last time hands it out as it is).
      if (mode !== 'final' || n < length) return { offset, fingerprint, more: false };
      end = n;
    }
    let data = buffer.subarray(0, end);
    // The last words of a file that will not be read again count as a line even without "\n".
    if (mode === 'final' && end === n && size === offset + n && buffer[n - 1] !== 0x0a) {
      data = Buffer.concat([data, Buffer.from('\n')]);
    }
    emit(offset, data);
    offset += end;
    fingerprint = Buffer.from(buffer.subarray(Math.max(0, end - FINGERPRINT), end));
  }
}

/** True when the file no longer holds, before the cursor, what was read there (truncated, or rewritten in place). */
export function contentChanged(file: SharedFd, cursor: Cursor, size = file.sizeSync()): boolean {
  if (size < cursor.offset) return true;
  if (cursor.fingerprint.length === 0) return false;
  const probe = Buffer.allocUnsafe(cursor.fingerprint.length);
  const n = file.readSync(probe, probe.length, cursor.offset - probe.length);
  return n !== probe.length || !probe.equals(cursor.fingerprint);
}
