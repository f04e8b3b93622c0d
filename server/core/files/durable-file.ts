/**
 * Writing a small file so that a crash leaves either the old content or the
 * new, never a part: a temporary file written and fsynced, renamed over the
 * name, then the folder fsynced so the rename itself survives a power loss.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `text` to `file` through `tempFile` (same folder; its name is the caller's mark for leftovers). */
export async function writeFileDurably(file: string, text: string, tempFile: string): Promise<void> {
  const handle = await fs.promises.open(tempFile, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tempFile, file);
  await syncDirectory(path.dirname(file));
}

/** Makes a new or removed name itself durable (POSIX; Windows cannot open a folder for this). */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.promises.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the name is best effort; the content itself was synced.
  }
}
