/**
 * DeletePackage's removal of a package file: one unlink, so the name is there
 * or gone, never half; then the folder's entry is made durable. The unlink is
 * synchronous on purpose: the repository checks that no upload of the name is
 * in flight and removes the file with no await in between (an upload
 * registers its name synchronously too), so neither can slip past the other.
 */
import * as fs from 'node:fs';
import { syncDirectory } from '../files/durable-file';
import { nothingToRemove, removalFailure } from './repository-errors';

export async function removePackageFile(file: string, name: string, dir: string): Promise<void> {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw nothingToRemove(name, dir); // removed by hand meanwhile
    throw removalFailure(err, file, dir);
  }
  await syncDirectory(dir);
}
