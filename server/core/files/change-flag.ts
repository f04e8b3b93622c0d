/**
 * Whether a file may have changed since it was last looked at, answered
 * without a system call: fs.watch on its folder raises the flag (the folder,
 * not the file, whose watch ends when a rename replaces it), and so does the
 * passing of `pollMs`, the backstop for changes the file system does not
 * report (one made by another client of a network file system, a folder
 * replaced as a whole). Where the folder cannot be watched at all, the flag is
 * always up and the owner looks every time, as it would without this.
 *
 * Why not a stat per look: the token store looks on every call, and a stat
 * (a system call and a Stats object with four Dates) measured about 40 µs of
 * daemon CPU per call on a warm daemon, twice a token's whole budget.
 *
 * A change is seen by the next look after the watcher's event has been
 * delivered. A change made before a request is sent (`mobilityd token revoke`
 * and then a call) is delivered first: the kernel queues the event when the
 * file is renamed, before the request's bytes exist, and the event loop takes
 * ready events in the order they became ready.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ChangeFlagOptions {
  /** The backstop: the flag rises this long after the last look. */
  pollMs: number;
  /** The clock (tests). */
  now?: () => number;
  /** Told when the watcher fails, once (the flag then stays up). */
  warn?: (message: string) => void;
  /** Told of each event about the file (tests wait for it). */
  onEvent?: () => void;
}

export class ChangeFlag {
  private watcher: fs.FSWatcher | undefined;
  private raised = true;
  private lookedAt = -Infinity;
  private readonly now: () => number;

  constructor(
    readonly file: string,
    private readonly options: ChangeFlagOptions,
  ) {
    this.now = options.now ?? Date.now;
    const base = path.basename(file);
    try {
      this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
        // No name: the platform could not say which entry changed.
        if (name !== null && name !== base) return;
        this.raised = true;
        this.options.onEvent?.();
      });
      this.watcher.on('error', (err) => this.unwatch(`${err.message}`));
    } catch (err) {
      this.unwatch((err as Error).message);
    }
  }

  /** True when the file may have changed since the last lower(). */
  get up(): boolean {
    return this.raised || this.watcher === undefined || this.now() - this.lookedAt >= this.options.pollMs;
  }

  /** Called just before the owner looks at the file: a change during the look raises it again. */
  lower(): void {
    this.raised = false;
    this.lookedAt = this.now();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private unwatch(reason: string): void {
    this.close();
    this.options.warn?.(`cannot watch the folder of ${this.file} for changes (${reason}); it is looked at on every call instead`);
  }
}
