/**
 * sha256 of package files, computed once per file version. Installers are
 * hundreds of megabytes to gigabytes and ListPackages reports every hash, so a
 * file is hashed only when its identity (inode, size, mtime) is new; concurrent
 * callers share one hashing pass.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * File timestamps come from a coarse clock, so a file rewritten within the same
 * tick can keep its size and mtime. A file changed this recently is hashed again
 * on every call until it is older (as in files/parsed-file-cache.ts).
 */
const RACY_WINDOW_MS = 3000;

/** Big reads: hashing is bound by the disk, and fewer syscalls keep it there. */
const READ_SIZE = 1024 * 1024;

interface Entry {
  identity: string;
  sha256: Promise<string>;
}

export class FileHashCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The hex sha256 of `file`, whose current stat is `stat`. */
  sha256(file: string, stat: fs.Stats): Promise<string> {
    const identity = identityOf(stat);
    const cached = this.entries.get(file);
    if (cached?.identity === identity) return cached.sha256;
    const sha256 = hashFile(file, identity);
    const entry = { identity, sha256: sha256.then((r) => r.sha256) };
    this.entries.set(file, entry);
    // Keep the result only when the file held still while it was read and is
    // not so new that a same-tick rewrite could hide behind an unchanged stat.
    const forget = () => {
      if (this.entries.get(file) === entry) this.entries.delete(file);
    };
    sha256.then((r) => (r.stable && this.now() - stat.mtimeMs >= RACY_WINDOW_MS ? undefined : forget()), forget);
    return entry.sha256;
  }

  /** Records a hash computed while the file was written (an upload), so it is never read back. */
  remember(file: string, stat: fs.Stats, sha256: string): void {
    this.entries.set(file, { identity: identityOf(stat), sha256: Promise.resolve(sha256) });
  }

  /** Drops entries for files no longer present, so the cache cannot grow without bound. */
  retainOnly(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) if (!files.has(file)) this.entries.delete(file);
  }
}

function identityOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** Hashes through one descriptor and reports whether the file changed while it was read. */
async function hashFile(file: string, identity: string): Promise<{ sha256: string; stable: boolean }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const hash = createHash('sha256');
    await readAll(handle, (bytes) => hash.update(bytes));
    const after = await handle.stat();
    return { sha256: hash.digest('hex'), stable: identityOf(after) === identity };
  } finally {
    await handle.close();
  }
}

async function readAll(handle: FileHandle, onBytes: (bytes: Uint8Array) => void): Promise<void> {
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return;
    onBytes(buffer.subarray(0, bytesRead));
  }
}
