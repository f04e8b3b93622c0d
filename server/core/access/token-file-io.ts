/**
 * Reading and changing the token file from the `mobilityd token` commands.
 * A change is read, changed and written under FILE.lock, so two commands at
 * once both land; the write is atomic (a temporary file in the same folder,
 * fsynced, renamed over the name, the folder fsynced), so a running mobilityd
 * reads the old file or the new one, never half of one.
 *
 * A new file is mode 0600 in a folder created 0700. A replaced file keeps its
 * mode, owner and group: an administrator running the command with sudo must
 * not leave a root-owned file the daemon's own user can no longer read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { syncDirectory } from '../files/durable-file';
import { withFileLock } from './file-lock';
import { emptyTokenFile, formatTokenFile, parseTokenFile, type TokenFile } from './token-file';

export interface TokenFileChange<T> {
  data: TokenFile;
  result: T;
  /** Nothing to write (e.g. revoking a token that already is). */
  unchanged?: boolean;
}

/** The file's contents, or undefined when it does not exist; an Error when it cannot be read or is malformed. */
export async function readTokenFile(file: string): Promise<TokenFile | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the token file ${file}: ${(err as Error).message}`);
  }
  return parseTokenFile(text, file);
}

/**
 * Applies `change` to the file's contents (empty when it does not exist yet)
 * and writes the result; an Error thrown by `change` leaves the file as it was.
 */
export async function changeTokenFile<T>(file: string, change: (data: TokenFile, exists: boolean) => TokenFileChange<T>): Promise<T> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  return withFileLock(file, async () => {
    const current = await readTokenFile(file);
    const { data, result, unchanged } = change(current ?? emptyTokenFile(), current !== undefined);
    if (!unchanged) await writeAtomically(file, formatTokenFile(data));
    return result;
  });
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const existing = await fs.promises.stat(file).catch(() => undefined);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.promises.open(temp, 'wx', 0o600);
  try {
    try {
      await handle.chmod(existing ? existing.mode & 0o777 : 0o600);
      if (existing) await keepOwner(handle, existing);
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw new Error(`writing the token file ${file} failed: ${(err as Error).message}; it was left as it was`);
  }
  await syncDirectory(path.dirname(file));
}

async function keepOwner(handle: fs.promises.FileHandle, existing: fs.Stats): Promise<void> {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  if (existing.uid === process.getuid() && existing.gid === process.getgid?.()) return;
  try {
    await handle.chown(existing.uid, existing.gid);
  } catch {
    // Not root: the new file belongs to whoever ran the command, as any other write of theirs would.
  }
}
