/**
 * Reads small host files (os-release, .vx_version) at call time without
 * re-parsing them on every call: each read stats the file (a few microseconds)
 * and re-reads it only when its identity changed. GetStatus must answer
 * thousands of calls a second and still never report a stale file.
 *
 * Sync calls on purpose: these files are a few hundred bytes on a local disk;
 * a stat or read costs microseconds, less than one round trip through libuv's
 * thread pool, and the whole status is read in well under a millisecond.
 */
import * as fs from 'node:fs';
import { fromFsError } from '../errors/app-error';

/**
 * File timestamps come from a coarse clock (a kernel tick; a whole second or
 * two on ext3 and FAT), so two writes in the same tick can leave mtime and
 * size unchanged. A file changed this recently is re-read on every call until
 * it is older than the window; after that any write moves its mtime.
 */
const RACY_WINDOW_MS = 3000;

interface Entry<T> {
  identity: string;
  value: T;
}

export interface FileSnapshot<T> {
  value: T;
  stat: fs.Stats;
}

export class ParsedFileCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** @param what names the file in errors, e.g. "the OS release file". */
  constructor(
    private readonly parse: (text: string) => T,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The parsed file, or undefined when it does not exist. Throws AppError when it cannot be read. */
  read(file: string): FileSnapshot<T> | undefined {
    const stat = statOrUndefined(file, this.what);
    if (!stat || !stat.isFile()) {
      this.entries.delete(file);
      return undefined;
    }
    const identity = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    const cached = this.entries.get(file);
    if (cached && cached.identity === identity) return { value: cached.value, stat };

    const text = readOrUndefined(file, this.what);
    if (text === undefined) return undefined;
    const value = this.parse(text);
    if (this.now() - stat.mtimeMs > RACY_WINDOW_MS) this.entries.set(file, { identity, value });
    else this.entries.delete(file);
    return { value, stat };
  }
}

/** fs.statSync that treats a missing file (or a missing folder on the way) as absent. */
export function statOrUndefined(file: string, what: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw fromFsError(err, what, file);
  }
}

function readOrUndefined(file: string, what: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    // Removed between the stat and the read: the file is gone now.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fromFsError(err, what, file);
  }
}
