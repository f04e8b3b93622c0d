/**
 * Reads small /proc files (comm, statm, meminfo) into one reused buffer.
 * procfs reports size 0, so fs.readFileSync would allocate and grow buffers on
 * every call; open + one read + close is three syscalls and no garbage.
 * Sync on purpose: procfs reads never touch a disk and cost microseconds.
 */
import * as fs from 'node:fs';
import { fromFsError } from '../errors/app-error';

const buffer = Buffer.allocUnsafe(16 * 1024);
const WHAT = 'the process information file';

/** The file's text, or undefined when it (or its process) no longer exists. */
export function readProcFile(file: string): string | undefined {
  const fd = openProcFile(file);
  if (fd === undefined) return undefined;
  try {
    return readProcFd(fd, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** An open descriptor on a /proc file, or undefined when it no longer exists. */
export function openProcFile(file: string): number | undefined {
  try {
    return fs.openSync(file, 'r');
  } catch (err) {
    if (isGone(err)) return undefined;
    throw fromFsError(err, WHAT, file);
  }
}

/**
 * Re-reads an open /proc file from offset 0: the kernel regenerates the text
 * on every read at 0, so one pread gives the current value. A descriptor on
 * /proc/<pid>/... stays tied to that very process: once it exits the read
 * fails with ESRCH (undefined here), even if its pid number is reused.
 */
export function readProcFd(fd: number, file: string): string | undefined {
  try {
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, n);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw fromFsError(err, WHAT, file);
  }
}

/** ENOENT: no such pid; ESRCH: the process exited while its file was open. */
function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR';
}
