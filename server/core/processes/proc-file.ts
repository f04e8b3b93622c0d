/**
 * Reads small /proc files (comm, statm, meminfo) into one reused buffer.
 * procfs reports size 0, so fs.readFileSync would allocate and grow buffers on
 * every call; open + one read + close is three syscalls and no garbage.
 * Sync on purpose: procfs reads never touch a disk and cost microseconds.
 */
import * as fs from 'node:fs';
import { fromFsError } from '../errors/app-error';

const buffer = Buffer.allocUnsafe(16 * 1024);

/** The file's text, or undefined when it (or its process) no longer exists. */
export function readProcFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if (isGone(err)) return undefined;
    throw fromFsError(err, 'the process information file', file);
  }
  try {
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, n);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw fromFsError(err, 'the process information file', file);
  } finally {
    fs.closeSync(fd);
  }
}

/** ENOENT: no such pid; ESRCH: the process exited while its file was open. */
function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
}
