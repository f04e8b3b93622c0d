/**
 * The live end of one log file, shared by every follower of that file: one
 * directory watch, one descriptor, one read of each new byte, broadcast to all.
 *
 * It reads only whole lines (a partial last line waits for its "\n") and keeps
 * following the *name* like `tail -F`:
 * - rename rotation: the old file is read to its end before the new one is
 *   opened, so no line written before the rename is lost; then it is kept open
 *   and read while a writer that still holds it appends to it, until it has
 *   been quiet for a grace period (rotated-file.ts), so no line written after
 *   the rename is lost either. Those lines are broadcast as they are read, with
 *   the old file's id and offsets, marked `previousFile`: each file's lines in
 *   order, every line once;
 * - copytruncate: detected by size and by a fingerprint of the bytes before the
 *   read position (a truncated file that has already grown past it still
 *   differs); lines not yet read are recovered from the copy (`<log>.1`) when
 *   it holds them, then reading restarts at 0;
 * - a missing file is waited for; a removed one is waited for again.
 *
 * File I/O here is synchronous on purpose: each check is a few syscalls on a
 * local file, and doing it in one tick makes the offset a follower snapshots
 * consistent with what is broadcast after it. Large appends are read in
 * bounded slices with a yield in between.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ROTATED_LOG_GRACE_MS } from '../config/daemon-config';
import { countLines, lastNewline } from './line-scan';
import type { ReadHistory } from './read-history';
import { RotatedFile, type LinesSink } from './rotated-file';
import { SharedFd } from './shared-fd';
import { contentChanged, readWholeLines, FINGERPRINT, type ReadMode } from './whole-lines';

export type LiveEventKind = 'opened' | 'rotated' | 'truncated' | 'removed';

/** Whole lines of one file generation, as the tailer and a live follower both hand them on. */
export interface ChunkItem {
  kind: 'chunk';
  fileId: string;
  offset: number;
  data: Buffer;
  lines: number;
  /** Lines of a file rotated away, read after its ROTATED/REMOVED event: not a resume point. */
  previousFile?: boolean;
}

export type LiveItem = ChunkItem | { kind: 'event'; event: LiveEventKind; fileId: string; offset: number; message: string };

export interface FileTailOptions {
  /** How long a rotated file must be quiet before it is let go (default 5 minutes). */
  rotatedGraceMs?: number;
  /** Where what was read is remembered, for resumes (see read-history.ts). */
  history?: ReadHistory;
}

export interface LiveSnapshot {
  /** The current generation, retained for the subscriber (release it), or undefined while waiting. */
  file?: SharedFd;
  /** End of the last whole line read so far; broadcasts continue from here. */
  offset: number;
}

type Listener = (item: LiveItem) => void;

/** Safety net for events the kernel does not deliver (network file systems); also ends grace periods. */
const POLL_MS = 1000;
/** Rotated files held at once; past this the oldest is read to its end and let go. */
const MAX_ROTATED = 8;

export class FileTail {
  private file?: SharedFd;
  private offset = 0;
  private fingerprint: Buffer = Buffer.alloc(0);
  private readonly listeners = new Set<Listener>();
  private watcher?: fs.FSWatcher;
  private watchedDir?: string;
  private readonly poll: NodeJS.Timeout;
  private scheduled = false;
  private stopped = false;
  /** Files rotated away that a writer may still append to, oldest first. */
  private rotated: RotatedFile[] = [];
  private readonly graceMs: number;
  private readonly history?: ReadHistory;
  private static watchers = 0;

  constructor(
    readonly filePath: string,
    options: FileTailOptions = {},
  ) {
    this.graceMs = options.rotatedGraceMs ?? DEFAULT_ROTATED_LOG_GRACE_MS;
    this.history = options.history;
    this.openIfPresent(false);
    if (this.file) this.offset = this.endOfWholeLines(this.file);
    this.refreshFingerprint();
    this.watch();
    this.poll = setInterval(() => this.check(), POLL_MS);
    this.poll.unref();
  }

  /** Directory watchers currently open, for leak tests and diagnostics. */
  static watcherCount(): number {
    return FileTail.watchers;
  }

  subscriberCount(): number {
    return this.listeners.size;
  }

  /** Registers a listener and returns, atomically, where its live feed starts. */
  subscribe(listener: Listener): LiveSnapshot {
    this.listeners.add(listener);
    return { file: this.file?.retain(), offset: this.offset };
  }

  unsubscribe(listener: Listener): void {
    this.listeners.delete(listener);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.poll);
    this.closeWatcher();
    this.file?.release();
    this.file = undefined;
    for (const rotated of this.rotated) rotated.close();
    this.rotated = [];
    this.listeners.clear();
  }

  private watch(): void {
    const dir = path.dirname(this.filePath);
    const base = path.basename(this.filePath);
    if (this.watcher && this.watchedDir === dir) return;
    try {
      this.watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === base || name.startsWith(base)) this.schedule();
      });
      this.watcher.on('error', () => this.closeWatcher());
      this.watchedDir = dir;
      FileTail.watchers++;
    } catch {
      // The folder does not exist yet: the poll retries until it does.
      this.watcher = undefined;
    }
  }

  private closeWatcher(): void {
    if (!this.watcher) return;
    this.watcher.close();
    this.watcher = undefined;
    FileTail.watchers--;
  }

  /** Coalesces bursts of events into one check per tick. */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.check();
    });
  }

  private check(): void {
    if (this.stopped) return;
    if (!this.watcher) this.watch();
    this.drainRotated();
    const current = statOrUndefined(this.filePath);
    if (!this.file) {
      if (current && this.openIfPresent(true)) this.readNew();
      return;
    }
    if (!current || `${current.dev}:${current.ino}` !== this.file.fileId) {
      this.rotate(current !== undefined);
      return;
    }
    if (this.wasTruncated()) this.restartAfterTruncation();
    this.readNew();
  }

  private openIfPresent(announce: boolean): boolean {
    try {
      this.file = SharedFd.openSync(this.filePath);
    } catch {
      return false;
    }
    this.offset = 0;
    this.fingerprint = Buffer.alloc(0);
    if (announce) this.emitEvent('opened', `${this.filePath} appeared`);
    return true;
  }

  /**
   * Old generation to its end, then the new one. A deleted old file is read to
   * its very end and let go; a renamed one is kept, for what is still written
   * to it (drainRotated).
   */
  private rotate(replaced: boolean): void {
    const old = this.file!;
    this.file = undefined;
    this.history?.noteRotated(old.fileId);
    this.letGo(old);
    if (replaced && this.openIfPresent(false)) {
      this.readMissedGeneration(old.fileId);
      this.emitEvent('rotated', `${this.filePath} was rotated; following the new file`);
      this.readNew();
    } else {
      this.offset = 0;
      this.fingerprint = Buffer.alloc(0);
      this.emitEvent('removed', `${this.filePath} was removed or renamed; waiting for it to come back`, old.fileId);
    }
  }

  /** Reads a generation the name no longer points to as far as it goes, and keeps it if it may grow. */
  private letGo(file: SharedFd): void {
    const deleted = file.statSync().nlink === 0;
    this.readFrom(file, file.fileId, deleted ? 'final' : 'all');
    if (deleted) {
      file.release();
      return;
    }
    this.rotated.push(new RotatedFile(file, { offset: this.offset, fingerprint: this.fingerprint }, performance.now()));
    if (this.rotated.length > MAX_ROTATED) {
      const oldest = this.rotated.shift()!;
      oldest.finish(this.previousFileSink(oldest.file));
    }
  }

  /** Reads what writers appended to rotated files, and lets go of those quiet for the grace period. */
  private drainRotated(): void {
    if (this.rotated.length === 0) return;
    const now = performance.now();
    this.rotated = this.rotated.filter((rotated) => {
      const state = rotated.drain(now, this.graceMs, this.previousFileSink(rotated.file));
      if (state === 'more') this.schedule();
      return state !== 'closed';
    });
  }

  private previousFileSink(file: SharedFd): LinesSink {
    const fileId = file.fileId;
    return (offset, data) => this.emit({ kind: 'chunk', fileId, offset, data, lines: countLines(data), previousFile: true });
  }

  /**
   * Two rotations between two checks leave a generation we never opened as
   * `<log>.1` (neither the file we held nor the new one): read it whole before
   * moving on (and keep it, like any rotated file, while it may grow). Faster
   * rotation than that loses lines, as it does for tail -F.
   */
  private readMissedGeneration(oldId: string): void {
    let missed: SharedFd;
    try {
      missed = SharedFd.openSync(`${this.filePath}.1`);
    } catch {
      return; // No such file: nothing was missed.
    }
    const id = missed.fileId;
    if (id === oldId || id === this.file?.fileId || this.rotated.some((rotated) => rotated.file.fileId === id)) {
      missed.release();
      return;
    }
    this.offset = 0;
    this.fingerprint = Buffer.alloc(0);
    this.history?.noteRotated(id);
    this.emitEvent('rotated', `${this.filePath} was rotated twice; reading the intermediate file`, id);
    try {
      this.letGo(missed);
    } catch {
      missed.release(); // unreadable: its lines are lost, as they would be for tail -F
    }
    this.offset = 0;
    this.fingerprint = Buffer.alloc(0);
  }

  private wasTruncated(): boolean {
    return contentChanged(this.file!, { offset: this.offset, fingerprint: this.fingerprint });
  }

  private restartAfterTruncation(): void {
    this.recoverFromCopy();
    this.history?.noteTruncated(this.file!.fileId, this.offset);
    this.offset = 0;
    this.fingerprint = Buffer.alloc(0);
    this.emitEvent('truncated', `${this.filePath} was truncated; reading from its start`);
  }

  /** copytruncate leaves the unread tail in `<log>.1`: read it from there if it matches. */
  private recoverFromCopy(): void {
    if (this.fingerprint.length === 0) return;
    let copy: SharedFd | undefined;
    try {
      copy = SharedFd.openSync(`${this.filePath}.1`);
      if (contentChanged(copy, { offset: this.offset, fingerprint: this.fingerprint })) return;
      this.readFrom(copy, this.file!.fileId, 'final');
    } catch {
      // No copy, or an unreadable one: the unread lines went with the truncation.
    } finally {
      copy?.release();
    }
  }

  private readNew(mode: ReadMode = 'slice'): void {
    if (!this.file) return;
    if (!this.readFrom(this.file, this.file.fileId, mode)) this.schedule();
  }

  /**
   * Broadcasts whole lines from the current offset. Returns false when it
   * stopped after one slice with more to read (the caller yields and resumes).
   */
  private readFrom(file: SharedFd, fileId: string, mode: ReadMode): boolean {
    const start = this.offset;
    const result = readWholeLines(file, { offset: start, fingerprint: this.fingerprint }, mode, (offset, data) =>
      this.emit({ kind: 'chunk', fileId, offset, data, lines: countLines(data) }),
    );
    this.offset = result.offset;
    this.fingerprint = result.fingerprint;
    if (result.offset !== start) this.history?.record(fileId, result.offset, result.fingerprint);
    return !result.more;
  }

  private endOfWholeLines(file: SharedFd): number {
    const size = file.sizeSync();
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (let pos = size; pos > 0; ) {
      const start = Math.max(0, pos - buffer.length);
      const n = file.readSync(buffer, pos - start, start);
      const i = lastNewline(buffer.subarray(0, n));
      if (i >= 0) return start + i + 1;
      pos = start;
    }
    return 0;
  }

  private refreshFingerprint(): void {
    if (!this.file || this.offset === 0) return;
    const length = Math.min(FINGERPRINT, this.offset);
    const buffer = Buffer.allocUnsafe(length);
    const n = this.file.readSync(buffer, length, this.offset - length);
    this.fingerprint = buffer.subarray(0, n);
  }

  private emitEvent(event: LiveEventKind, message: string, fileId = this.file?.fileId ?? ''): void {
    this.emit({ kind: 'event', event, fileId, offset: this.offset, message });
  }

  private emit(item: LiveItem): void {
    for (const listener of this.listeners) listener(item);
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
