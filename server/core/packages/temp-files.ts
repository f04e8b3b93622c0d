/**
 * Upload temp files: `.upload-<random>.partial` in the repository folder itself,
 * so that committing an upload is a link within one file system (atomic), and
 * so that a half-received package never carries an installer name: listings
 * and the push-install service only ever see complete files.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PREFIX = '.upload-';
const SUFFIX = '.partial';

/**
 * A temp file untouched this long belongs to nobody: an upload in progress
 * writes to its file continuously, so only a daemon that died mid-upload (or
 * another daemon instance sharing the folder and stalled this long) leaves one.
 */
export const STALE_TEMP_MS = 5 * 60 * 1000;

/** A fresh, unique temp file path in `dir` (random, so concurrent uploads never share one). */
export function tempFilePath(dir: string): string {
  return path.join(dir, `${PREFIX}${randomBytes(12).toString('hex')}${SUFFIX}`);
}

export function isTempFileName(name: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
}

/** Removes temp files older than STALE_TEMP_MS; best effort (a failure only leaves a hidden file). */
export async function removeStaleTempFiles(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter(isTempFileName)) {
    const file = path.join(dir, name);
    try {
      const stat = await fs.promises.lstat(file);
      if (!stat.isFile() || now - stat.mtimeMs < STALE_TEMP_MS) continue;
      await fs.promises.unlink(file);
      removed.push(file);
    } catch {
      // Gone already, or not ours to remove: either way nothing is visible.
    }
  }
  return removed;
}

/** Deletes a temp file, ignoring one that is already gone. */
export async function removeTempFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}
