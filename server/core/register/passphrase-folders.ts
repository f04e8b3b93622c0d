/**
 * A passphrase file named in a request (registration.passphrase_file) is read
 * only from the passphrase folders the administrator configured
 * (DaemonConfig.passphraseDirs, host paths under the root), and mobilityd
 * reads it itself: the configurator then gets mobilityd's own private copy
 * (passphrase-file.ts), never the host path. Otherwise a caller could hand any
 * file of the host to a configurator talking to a server of its choice.
 *
 * The path must stay inside a folder on the way there: no ".." segment, and
 * once every symlink is resolved (realpath) the file still lies inside the
 * folder, which lies inside the root. It is opened with O_NOFOLLOW and, on
 * Linux, where the opened descriptor really points is checked again, so a
 * swap between the check and the open cannot lead elsewhere; the content is
 * read from that descriptor, so what is checked is what is used.
 *
 * Every refusal about the path is ONE message, the same whether the file is
 * missing, outside the folders, a folder, a symlink out or a ".." escape:
 * the answer must never tell a caller whether some file exists.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { hostPath, type DaemonConfig } from '../config/daemon-config';
import { AppError, failedPrecondition } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';
import { passphraseProblem } from './registration-fields';
import { SecretValue } from './secret-value';

/** A passphrase is one line of at most 1024 characters; anything much bigger is the wrong file. */
const MAX_FILE_BYTES = 4096;

/** Reads the passphrase from `requested` (a host path) when it is a file mobilityd accepts. */
export async function readPassphraseFile(requested: string, field: string, config: DaemonConfig): Promise<SecretValue> {
  const refusal = () => failedPrecondition(refusalMessage(requested, field, config));
  const located = await locate(requested, config);
  if (!located) throw refusal();
  const text = await readInside(located.file, located.folder, () => tooBig(requested, field));
  if (text === undefined) throw refusal();
  const trimmed = text.replace(/\r?\n$/, ''); // the newline genpassphrase's `> file` leaves
  const problem = passphraseProblem(trimmed);
  if (problem) {
    throw failedPrecondition(
      `${field}.passphrase_file ${quoteValue(requested)} ${problem}; it must hold the passphrase the configuration server generated, on one line`,
    );
  }
  return new SecretValue(trimmed);
}

/** The one answer for every path mobilityd will not read: it names the folders and how to add one. */
export function refusalMessage(requested: string, field: string, config: Pick<DaemonConfig, 'passphraseDirs'>): string {
  const folders = config.passphraseDirs.length > 0 ? config.passphraseDirs.join(', ') : 'none configured';
  return (
    `${field}.passphrase_file ${quoteValue(requested)} is refused: mobilityd reads a passphrase file only when it is ` +
    `a regular file inside one of its passphrase folders (${folders}); copy the configuration server's passphrase file into ` +
    'one of them, add a folder with mobilityd --passphrase-dir DIR (config key passphraseDirs), or send the passphrase itself'
  );
}

/** The file's real path and the real folder it lies in, or undefined when it is not a file inside a passphrase folder. */
async function locate(requested: string, config: DaemonConfig): Promise<{ file: string; folder: string } | undefined> {
  const hostPaths = config.platform === 'windows' ? path.win32 : path.posix;
  if (requested.split(config.platform === 'windows' ? /[\\/]/ : '/').includes('..')) return undefined;
  const hostFile = hostPaths.normalize(requested);
  const folders = config.passphraseDirs.filter((dir) => isInside(hostPaths, hostPaths.normalize(dir), hostFile));
  if (folders.length === 0) return undefined;
  const file = await realPath(hostPath(config, hostFile));
  if (!file) return undefined;
  for (const dir of folders) {
    const folder = await realPath(hostPath(config, dir));
    // The folder itself may be a symlink (an administrator's choice), but not to somewhere outside the root.
    if (folder && (await insideRoot(config, folder)) && isInside(path, folder, file)) return { file, folder };
  }
  return undefined;
}

/** With root "/" everything is inside it; a sandbox root is compared as a real path too. */
async function insideRoot(config: DaemonConfig, real: string): Promise<boolean> {
  if (config.root === '/' || config.root === '') return true;
  const root = await realPath(config.root);
  return root !== undefined && isInside(path, root, real);
}

/** The content of `file` when the descriptor opened is still a regular file inside `folder`; undefined otherwise. */
async function readInside(file: string, folder: string, tooLarge: () => AppError): Promise<string | undefined> {
  // O_NONBLOCK: a FIFO put in the folder must not hang the admission queue (it is then refused as not a regular file).
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await fs.open(file, flags).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || !(await stillInside(handle.fd, folder))) return undefined;
    if (stat.size > MAX_FILE_BYTES) throw tooLarge();
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_FILE_BYTES) throw tooLarge(); // it grew since the stat
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Linux: where the descriptor really points (a folder swapped for a symlink after realpath would show here). */
async function stillInside(fd: number, folder: string): Promise<boolean> {
  if (process.platform !== 'linux') return true; // no /proc/self/fd; realpath and O_NOFOLLOW checked the path
  const opened = await fs.readlink(`/proc/self/fd/${fd}`).catch(() => undefined);
  return opened !== undefined && isInside(path, folder, opened);
}

function tooBig(requested: string, field: string): AppError {
  return failedPrecondition(
    `${field}.passphrase_file ${quoteValue(requested)} is larger than ${MAX_FILE_BYTES} bytes, so it is not a passphrase file; ` +
      'it must hold the passphrase the configuration server generated, on one line',
  );
}

async function realPath(file: string): Promise<string | undefined> {
  return fs.realpath(file).catch(() => undefined);
}

/** `child` lies strictly below `parent` (both absolute, in the same path flavour). */
function isInside(paths: path.PlatformPath, parent: string, child: string): boolean {
  const relative = paths.relative(parent, child);
  const up = relative === '..' || relative.startsWith(`..${paths.sep}`);
  return relative !== '' && !up && !paths.isAbsolute(relative);
}
