/**
 * Writing files that must never be seen half-written or with a wider mode
 * than meant: each is written to a temporary name in the same folder, created
 * with its final mode (a private key is never readable by others, not even
 * for a moment), synced, then put in place in one step: link() when it must
 * not replace anything (fails if the name appeared meanwhile), rename() when
 * it may. A running mobilityd watching the folder sees whole files only.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDirectory } from '../../core/files/durable-file';

export interface NewFile {
  file: string;
  content: string;
  mode: number;
}

/** Writes every file, or (on a failure) none: those already placed are removed again. */
export async function writeNewFiles(files: readonly NewFile[], replace: boolean): Promise<void> {
  const placed: string[] = [];
  try {
    for (const file of files) {
      placeFile(file, replace);
      placed.push(file.file);
    }
  } catch (err) {
    if (!replace) for (const file of placed) fs.rmSync(file, { force: true });
    throw err;
  }
  for (const dir of new Set(files.map((file) => path.dirname(file.file)))) await syncDirectory(dir);
}

function placeFile({ file, content, mode }: NewFile, replace: boolean): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    try {
      fs.writeSync(fd, content);
      fs.fchmodSync(fd, mode); // exactly this mode, whatever the umask
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (replace) fs.renameSync(temp, file);
    else fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${file} appeared while it was being written: run the command again`);
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
