/**
 * The registration passphrase, when a request carries it, lives in a private
 * file only while the configurator runs: the configurator takes a file path,
 * and a secret on a command line would show in every process list. The file
 * is always removed; files left by a crash are swept when the daemon starts.
 * Nothing here ever logs the passphrase or puts it in an error.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AppError, invalidArgument } from '../errors/app-error';

const SECRETS_DIR = 'secrets';
const FILE_PATTERN = /^[0-9a-f]{32}\.passphrase$/;

/** The private folder for passphrase files. */
export function secretsDir(stateDir: string): string {
  return path.join(stateDir, SECRETS_DIR);
}

/** Writes the passphrase to a fresh 0600 file, runs `work` with its path, then deletes it whatever happens. */
export async function withPassphraseFile<T>(
  stateDir: string,
  passphrase: string,
  work: (file: string) => Promise<T>,
): Promise<T> {
  if (!passphrase) throw invalidArgument('registration.passphrase is empty; give the passphrase or a passphrase_file');
  const dir = await ensureSecretsDir(stateDir);
  const file = path.join(dir, `${randomBytes(16).toString('hex')}.passphrase`);
  try {
    // 'wx': never reuse or follow something already there; the mode is set at creation, no window of wider access.
    await fs.writeFile(file, passphrase, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // A half-written file of ours goes; an existing one (EEXIST) is not ours to delete.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(file, { force: true });
    throw secretsError(`cannot write a private passphrase file in ${dir}`, err);
  }
  try {
    return await work(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Deletes passphrase files left behind (the daemon died while a configurator ran); returns how many. */
export async function sweepPassphraseFiles(stateDir: string): Promise<number> {
  const dir = secretsDir(stateDir);
  const names = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw secretsError(`cannot list ${dir}`, err);
  });
  const leftovers = names.filter((name) => FILE_PATTERN.test(name));
  await Promise.all(leftovers.map((name) => fs.rm(path.join(dir, name), { force: true })));
  return leftovers.length;
}

/** Creates <state>/secrets as 0700 and refuses anything else in its place (a symlink could point elsewhere). */
async function ensureSecretsDir(stateDir: string): Promise<string> {
  const dir = secretsDir(stateDir);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const stat = await fs.lstat(dir);
    if (!stat.isDirectory()) throw new Error(`${dir} is not a folder`);
    // mkdir's mode is filtered by the umask and ignored when the folder exists already.
    await fs.chmod(dir, 0o700);
    return dir;
  } catch (err) {
    throw secretsError(`cannot prepare the private folder ${dir}`, err);
  }
}

/** The fs error's own message names paths, never file content, so it is safe to pass on. */
function secretsError(what: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('permission_denied', `${what}: permission denied; mobilityd needs write access to its state folder`);
  }
  return new AppError('internal', `${what}: ${(err as Error).message}`);
}
