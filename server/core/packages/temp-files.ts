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

/** A fresh, unique temp file path in `dir` (random, so concurrent uploads never share one). */
export function tempFilePath(dir: string): string {
  return path.join(dir, `${PREFIX}${randomBytes(12).toString('hex')}${SUFFIX}`);
}

export function isTempFileName(name: string): boolean {
  return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
}

/**
 * Removes every temp file in `dir`: run at startup, before any upload can
 * begin, when no upload is in flight, so each one is what a daemon that died
 * mid-upload left behind (one mobilityd per repository folder). Best effort:
 * a failure only leaves a hidden file, which no listing shows.
 */
export async function removeTempFiles(dir: string): Promise<string[]> {
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
      if (!(await fs.promises.lstat(file)).isFile()) continue;
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
