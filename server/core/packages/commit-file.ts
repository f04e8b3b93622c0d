/**
 * The commit of an upload: its verified temp file gets the package's name in
 * one atomic step that never replaces an existing file. Two uploads of one name
 * may race; exactly one wins, and the other learns the name is taken.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../errors/app-error';
import { syncDirectory } from '../files/durable-file';

/** File systems without hard links (FAT, some network shares) say so with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Gives `tempFile` the name `finalFile`: true when it did, false when a file of
 * that name already exists (left untouched). The temp file stays; the caller removes it.
 */
export async function commitFile(tempFile: string, finalFile: string): Promise<boolean> {
  try {
    // link() fails with EEXIST instead of overwriting, which rename() would do silently.
    await fs.promises.link(tempFile, finalFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw commitFailure(err, finalFile);
    if (!(await renameIfAbsent(tempFile, finalFile))) return false;
  }
  await syncDirectory(path.dirname(finalFile));
  return true;
}

/**
 * Without hard links: check, then rename. Not atomic against a second upload of
 * the same name in between; that window is a few microseconds on a file system
 * this daemon should not be given anyway.
 */
async function renameIfAbsent(tempFile: string, finalFile: string): Promise<boolean> {
  try {
    await fs.promises.lstat(finalFile);
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw commitFailure(err, finalFile);
  }
  await fs.promises.rename(tempFile, finalFile).catch((err) => Promise.reject(commitFailure(err, finalFile)));
  return true;
}

function commitFailure(err: unknown, finalFile: string): AppError {
  return new AppError('internal', `storing the package as ${finalFile} failed: ${(err as Error)?.message ?? String(err)}; nothing was stored`);
}
