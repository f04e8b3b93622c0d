/**
 * Whether a file id that is not the log's current file belongs to a file that
 * was rotated away from the log's name, so a resume can say "rotated" only
 * when something rotated, and "a different file" otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadHistory } from './read-history';
import { fileIdOf } from './shared-fd';

/** logrotate keeps a handful; a folder with more rotated copies than this is only searched this far. */
const MAX_SIBLINGS = 100;

/**
 * True when the daemon saw that file rotated away, or it lies next to the log
 * under a rotated name (`installer.log.1`, `installer.log-20261125`): the
 * names logrotate gives, in the same folder. A compressed copy is a new file
 * and is not recognised.
 */
export async function wasRotatedAway(logPath: string, fileId: string, history: ReadHistory): Promise<boolean> {
  if (history.sawRotated(fileId)) return true;
  const dir = path.dirname(logPath);
  const base = path.basename(logPath);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return false;
  }
  const siblings = names.filter((name) => name !== base && name.startsWith(base)).slice(0, MAX_SIBLINGS);
  for (const name of siblings) {
    try {
      if (fileIdOf(await fs.promises.stat(path.join(dir, name))) === fileId) return true;
    } catch {
      // Gone meanwhile (rotated on): not this one.
    }
  }
  return false;
}
