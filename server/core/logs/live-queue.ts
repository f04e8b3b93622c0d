/**
 * What the shared FileTail has broadcast and one follower has not sent yet.
 * Batches everything available at read time into one item (contiguous chunks
 * of one file generation are merged), which is what lets one process feed 100
 * followers of a busy log. A follower that falls too far behind is cut off with
 * the offset to resume from, instead of growing the daemon without bound.
 */
import { AppError } from '../errors/app-error';
import type { LiveItem } from './file-tail';

const MAX_BATCH = 1024 * 1024;
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export class LiveQueue {
  private items: LiveItem[] = [];
  private head = 0;
  private queuedBytes = 0;
  private wake?: () => void;
  private closed = false;
  private overflowAt?: number;

  readonly push = (item: LiveItem): void => {
    if (this.closed || this.overflowAt !== undefined) return;
    if (item.kind === 'chunk') {
      this.queuedBytes += item.data.length;
      if (this.queuedBytes > MAX_QUEUED_BYTES) {
        this.overflowAt = this.firstOffset() ?? item.offset;
        this.items = [];
        this.head = 0;
      }
    }
    if (this.overflowAt === undefined) this.items.push(item);
    this.signal();
  };

  close(): void {
    this.closed = true;
    this.signal();
  }

  /** The next batch, or undefined once closed. Throws when the follower fell too far behind. */
  async next(): Promise<LiveItem | undefined> {
    while (this.head === this.items.length) {
      if (this.overflowAt !== undefined) {
        throw new AppError(
          'resource_exhausted',
          `this client fell more than ${MAX_QUEUED_BYTES >> 20} MiB behind the log; reconnect and resume from offset ${this.overflowAt}`,
        );
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.takeBatch();
  }

  private takeBatch(): LiveItem {
    const first = this.items[this.head++];
    if (first.kind !== 'chunk') return this.compact(first);
    const parts = [first.data];
    let size = first.data.length;
    let lines = first.lines;
    while (this.head < this.items.length && size < MAX_BATCH) {
      const next = this.items[this.head];
      if (next.kind !== 'chunk' || next.fileId !== first.fileId || next.offset !== first.offset + size) break;
      parts.push(next.data);
      size += next.data.length;
      lines += next.lines;
      this.head++;
    }
    this.queuedBytes -= size;
    const data = parts.length === 1 ? first.data : Buffer.concat(parts, size);
    return this.compact({ ...first, data, lines });
  }

  private compact(item: LiveItem): LiveItem {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }

  /** Where the follower's unsent lines start (a rotated file's late lines are no resume point). */
  private firstOffset(): number | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item.kind === 'chunk' && !item.previousFile) return item.offset;
    }
    return undefined;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
