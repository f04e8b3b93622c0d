/**
 * What this daemon has read from each log file, so that a resume can tell a
 * file truncated since (copytruncate keeps the file, and so its file_id) from
 * an offset that is simply wrong, and a file rotated away from one it never
 * saw.
 *
 * For each file id it keeps the furthest line end it has read and the bytes
 * just before it (a fingerprint). When the file is shorter than that now, or
 * holds other bytes there, its content was truncated (or rewritten) since: any
 * offset up to that end may belong to the old content. It lives in memory, for
 * the daemon's lifetime: after a restart nothing is known, and a stale offset
 * is refused as wrong (the client starts again at 0).
 */
import type { SharedFd } from './shared-fd';
import { FINGERPRINT } from './whole-lines';

interface Mark {
  /** Furthest line end read in the file's current content (0: none yet). */
  end: number;
  /** The bytes just before `end`. */
  fingerprint: Buffer;
  /** Furthest line end read in content the file no longer holds (0: no truncation known). */
  truncatedFrom: number;
}

export interface ContentVerdict {
  /** Offsets up to here may belong to content the file no longer holds (0: none known). */
  truncatedFrom: number;
  /** True when the change was found just now: every offset read so far belongs to the old content. */
  changedNow: boolean;
}

/** Bounds the memory: far more log files than a host has, each mark under 200 bytes. */
const MAX_FILES = 256;

export class ReadHistory {
  private readonly marks = new Map<string, Mark>();
  private readonly rotated = new Set<string>();

  /** The daemon has read `fileId` up to the line end `end`; `fingerprint` is the bytes just before it. */
  record(fileId: string, end: number, fingerprint: Buffer): void {
    const mark = this.marks.get(fileId);
    if (!mark) {
      if (end > 0) remember(this.marks, fileId, { end, fingerprint, truncatedFrom: 0 });
    } else if (end >= mark.end) {
      mark.end = end;
      mark.fingerprint = fingerprint;
    }
  }

  /** Reads the fingerprint before `end` from the file itself and records it. */
  async recordEnd(file: SharedFd, end: number): Promise<void> {
    if (end === 0) return;
    const length = Math.min(FINGERPRINT, end);
    const buffer = Buffer.alloc(length);
    const n = await file.read(buffer, length, end - length);
    if (n === length) this.record(file.fileId, end, buffer);
  }

  /** The file's content was found truncated after `readUpTo` bytes of it had been read. */
  noteTruncated(fileId: string, readUpTo: number): void {
    const mark = this.marks.get(fileId) ?? remember(this.marks, fileId, { end: 0, fingerprint: Buffer.alloc(0), truncatedFrom: 0 });
    mark.truncatedFrom = Math.max(mark.truncatedFrom, readUpTo);
    mark.end = 0;
    mark.fingerprint = Buffer.alloc(0);
  }

  noteRotated(fileId: string): void {
    remember(this.rotated, fileId);
  }

  /** True when the daemon saw this file rotated away from its log's name. */
  sawRotated(fileId: string): boolean {
    return this.rotated.has(fileId);
  }

  /** Compares what was read from `file` with what it holds now, and notes a truncation it finds. */
  async check(file: SharedFd): Promise<ContentVerdict> {
    const mark = this.marks.get(file.fileId);
    if (!mark) return { truncatedFrom: 0, changedNow: false };
    const changedNow = mark.end > 0 && !(await holds(file, mark));
    if (changedNow) this.noteTruncated(file.fileId, mark.end);
    return { truncatedFrom: mark.truncatedFrom, changedNow };
  }
}

/** True when the file still holds the marked bytes before the marked end. */
async function holds(file: SharedFd, mark: Mark): Promise<boolean> {
  const length = mark.fingerprint.length;
  if (file.sizeSync() < mark.end) return false;
  const probe = Buffer.alloc(length);
  const n = await file.read(probe, length, mark.end - length);
  return n === length && probe.equals(mark.fingerprint);
}

/** Adds to a Map or Set, dropping the oldest entry past MAX_FILES. */
function remember<V>(store: Map<string, V>, key: string, value: V): V;
function remember(store: Set<string>, key: string): void;
function remember<V>(store: Map<string, V> | Set<string>, key: string, value?: V): V | void {
  if (store instanceof Map) store.set(key, value as V);
  else store.add(key);
  if (store.size > MAX_FILES) store.delete(store.keys().next().value as string);
  return value;
}
