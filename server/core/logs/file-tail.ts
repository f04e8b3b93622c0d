/**
 * The live end of one log file, shared by every follower of that file: one
 * directory watch, one descriptor, one read of each new byte, broadcast to all.
 *
 * It reads only whole lines (a partial last line waits for its "\n") and keeps
 * following the *name* like `tail -F`:
 * - rename rotation: the old file is read to its end before the new one is
 *   opened, so no line written before the rename is lost;
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
import { countLines, lastNewline } from './line-scan';
import { SharedFd } from './shared-fd';

export type LiveEventKind = 'opened' | 'rotated' | 'truncated' | 'removed';

export type LiveItem =
  | { kind: 'chunk'; fileId: string; offset: number; data: Buffer; lines: number }
  | { kind: 'event'; event: LiveEventKind; fileId: string; offset: number; message: string };

export interface LiveSnapshot {
  /** The current generation, retained for the subscriber (release it), or undefined while waiting. */
  file?: SharedFd;
  /** End of the last whole line read so far; broadcasts continue from here. */
  offset: number;
}

type Listener = (item: LiveItem) => void;

const SLICE = 1024 * 1024;
const FINGERPRINT = 64;
/** Safety net for events the kernel does not deliver (network file systems). */
const POLL_MS = 1000;

export class FileTail {
  private file?: SharedFd;
  private offset = 0;
  private fingerprint = Buffer.alloc(0);
  private readonly listeners = new Set<Listener>();
  private watcher?: fs.FSWatcher;
  private watchedDir?: string;
  private readonly poll: NodeJS.Timeout;
  private scheduled = false;
  private stopped = false;
  private static watchers = 0;

  constructor(readonly filePath: string) {
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

  /** Old generation to its end (a last unterminated line included), then the new one. */
  private rotate(replaced: boolean): void {
    const old = this.file!;
    this.readNew(true);
    old.release();
    this.file = undefined;
    if (replaced && this.openIfPresent(false)) {
      this.readMissedGeneration(old.fileId);
      this.emitEvent('rotated', `${this.filePath} was rotated; following the new file`);
      this.readNew();
    } else {
      this.offset = 0;
      this.emitEvent('removed', `${this.filePath} was removed; waiting for it to come back`, old.fileId);
    }
  }

  /**
   * Two rotations between two checks leave a generation we never opened as
   * `<log>.1` (neither the file we held nor the new one): read it whole before
   * moving on. Faster rotation than that loses lines, as it does for tail -F.
   */
  private readMissedGeneration(oldId: string): void {
    let missed: SharedFd | undefined;
    try {
      missed = SharedFd.openSync(`${this.filePath}.1`);
      if (missed.fileId === oldId || missed.fileId === this.file?.fileId) return;
      this.offset = 0;
      this.emitEvent('rotated', `${this.filePath} was rotated twice; reading the intermediate file`, missed.fileId);
      this.readFrom(missed, missed.fileId, true);
      this.offset = 0;
      this.fingerprint = Buffer.alloc(0);
    } catch {
      // No such file: nothing was missed.
    } finally {
      missed?.release();
    }
  }

  private wasTruncated(): boolean {
    const file = this.file!;
    if (file.sizeSync() < this.offset) return true;
    if (this.fingerprint.length === 0) return false;
    const probe = Buffer.allocUnsafe(this.fingerprint.length);
    const n = file.readSync(probe, probe.length, this.offset - probe.length);
    return n !== probe.length || !probe.equals(this.fingerprint);
  }

  private restartAfterTruncation(): void {
    this.recoverFromCopy();
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
      const probe = Buffer.allocUnsafe(this.fingerprint.length);
      const n = copy.readSync(probe, probe.length, this.offset - probe.length);
      if (n !== probe.length || !probe.equals(this.fingerprint)) return;
      this.readFrom(copy, this.file!.fileId, true);
    } catch {
      // No copy, or an unreadable one: the unread lines went with the truncation.
    } finally {
      copy?.release();
    }
  }

  private readNew(final = false): void {
    if (!this.file) return;
    if (!this.readFrom(this.file, this.file.fileId, final)) this.schedule();
  }

  /**
   * Broadcasts whole lines from the current offset. Returns false when it
   * stopped after one slice with more to read (the caller yields and resumes).
   */
  private readFrom(file: SharedFd, fileId: string, final: boolean): boolean {
    for (let slices = 0; ; slices++) {
      const size = file.sizeSync();
      if (size <= this.offset) return true;
      if (slices > 0 && !final) return false;
      const length = Math.min(SLICE, size - this.offset);
      const buffer = Buffer.allocUnsafe(length);
      const n = file.readSync(buffer, length, this.offset);
      let end = lastNewline(buffer.subarray(0, n)) + 1;
      if (end === 0) {
        if (!final || n < length) return true;
        end = n;
      }
      let data = buffer.subarray(0, end);
      // The last words of a rotated file count as a line even without "\n".
      if (final && end === n && size === this.offset + n && buffer[n - 1] !== 0x0a) {
        data = Buffer.concat([data, Buffer.from('\n')]);
      }
      this.emit({ kind: 'chunk', fileId, offset: this.offset, data, lines: countLines(data) });
      this.offset += end;
      this.fingerprint = Buffer.from(buffer.subarray(Math.max(0, end - FINGERPRINT), end));
    }
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
