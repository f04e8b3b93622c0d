/** One FileTail per followed file, however many followers: created on first use, stopped after the last. */
import { FileTail } from './file-tail';
import { ReadHistory } from './read-history';
import { SharedFd } from './shared-fd';

export interface TailRegistryOptions {
  /** How long a rotated log file must be quiet before its follower lets it go (default 5 minutes). */
  rotatedGraceMs?: number;
}

export class TailRegistry {
  private readonly tails = new Map<string, { tail: FileTail; refs: number }>();
  /** What has been read from each log file, shared by the live followers and every TailLog request. */
  readonly history = new ReadHistory();

  constructor(private readonly options: TailRegistryOptions = {}) {}

  acquire(file: string): FileTail {
    let entry = this.tails.get(file);
    if (!entry) {
      entry = { tail: new FileTail(file, { rotatedGraceMs: this.options.rotatedGraceMs, history: this.history }), refs: 0 };
      this.tails.set(file, entry);
    }
    entry.refs++;
    return entry.tail;
  }

  release(tail: FileTail): void {
    const entry = this.tails.get(tail.filePath);
    if (!entry || entry.tail !== tail) return;
    if (--entry.refs === 0) {
      this.tails.delete(tail.filePath);
      tail.stop();
    }
  }

  closeAll(): void {
    for (const { tail } of this.tails.values()) tail.stop();
    this.tails.clear();
  }

  /** What is open right now: followed files, directory watchers, descriptors. */
  stats(): { followedFiles: number; watchers: number; openFiles: number } {
    return { followedFiles: this.tails.size, watchers: FileTail.watcherCount(), openFiles: SharedFd.openCount() };
  }
}
