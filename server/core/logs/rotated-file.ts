/**
 * A log file that was rotated away (renamed) while a writer may still hold it
 * open. An installer that keeps its log open across a rotation goes on writing
 * into the renamed file until it reopens the name, so the follower keeps that
 * file open and reads what is appended to it until it has been quiet for a
 * grace period, as Filebeat does with close_inactive. Its lines are handed out
 * with the rotated file's id and offsets, marked as a previous file's.
 *
 * Cost: one descriptor per rotated file during its grace period, and one fstat
 * per check of the live follower while it is held; no timer of its own.
 */
import { contentChanged, readWholeLines, type Cursor, type ReadMode } from './whole-lines';
import type { SharedFd } from './shared-fd';

export type LinesSink = (offset: number, data: Buffer) => void;

/** What a check left the file in: still held, held with more to read now, or let go. */
export type DrainState = 'held' | 'more' | 'closed';

export class RotatedFile {
  private lastSize: number;
  private quietSince: number;

  /** Takes over the caller's reference to `file`. */
  constructor(
    readonly file: SharedFd,
    private cursor: Cursor,
    now: number,
  ) {
    this.lastSize = file.sizeSync();
    this.quietSince = now;
  }

  /**
   * Reads what was appended since the last check. Lets the file go (reading a
   * last unterminated line as a line) once it has been quiet for `graceMs` or
   * has been deleted; lets it go unread when it was rewritten in place, since
   * what it holds now is not the continuation of what was read.
   */
  drain(now: number, graceMs: number, emit: LinesSink): DrainState {
    const stat = this.file.statSync();
    if (stat.nlink === 0) return this.finish(emit);
    if (stat.size !== this.lastSize) {
      this.lastSize = stat.size;
      this.quietSince = now;
    } else if (now - this.quietSince >= graceMs) {
      return this.finish(emit);
    }
    if (stat.size === this.cursor.offset) return 'held';
    if (contentChanged(this.file, this.cursor, stat.size)) return this.close();
    return this.read('slice', emit) ? 'more' : 'held';
  }

  /** Reads it to its very end and lets it go. */
  finish(emit: LinesSink): 'closed' {
    if (!contentChanged(this.file, this.cursor)) this.read('final', emit);
    return this.close();
  }

  close(): 'closed' {
    this.file.release();
    return 'closed';
  }

  /** True when it stopped with more to read. */
  private read(mode: ReadMode, emit: LinesSink): boolean {
    const result = readWholeLines(this.file, this.cursor, mode, emit);
    this.cursor = { offset: result.offset, fingerprint: result.fingerprint };
    return result.more;
  }
}
