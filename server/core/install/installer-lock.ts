/**
 * The agent installer's lock file, `.install.lck`, read before an Install or
 * an Uninstall is admitted: a job that would only meet the installer's own
 * "another installation is running" (exit 97) is refused at once, with the
 * file's path. Where the lock lives and what it holds are not documented
 * publicly; docs/installer-contract.md, "The installer's lock", gives the
 * reading chosen here and why. The daemon only reads the file: it never
 * removes or writes it (the installer removes a stale one itself).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DaemonConfig } from '../config/daemon-config';
import { underRoot } from '../config/host-paths';
import { failedPrecondition } from '../errors/app-error';
import { isProcessRunning } from '../processes/process-alive';

export const INSTALLER_LOCK_FILE = '.install.lck';
/** A lock without a process id counts as a run in progress while it is younger than this (an install takes minutes). */
export const PIDLESS_LOCK_FRESH_MS = 60 * 60 * 1000;

export type InstallerLock =
  | { state: 'absent'; path: string }
  | { state: 'held'; path: string; why: string }
  | { state: 'stale'; path: string; why: string };

type LockConfig = Pick<DaemonConfig, 'root' | 'platform'>;

/** The lock's host path for an agent location (a host path, e.g. /usr/local/ASR). */
export function installerLockPath(config: LockConfig, location: string): string {
  const join = config.platform === 'windows' ? path.win32.join : path.posix.join;
  return join(location, INSTALLER_LOCK_FILE);
}

/** What the lock of `location` says; `now` is injectable for the age of a lock without a pid. */
export async function readInstallerLock(config: LockConfig, location: string, now = Date.now()): Promise<InstallerLock> {
  const shown = installerLockPath(config, location);
  const file = underRoot(config, shown);
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => s.mtimeMs)]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent', path: shown };
    // Unreadable: nothing says the run is over, so it is taken as running.
    return { state: 'held', path: shown, why: `mobilityd cannot read it (${code ?? (err as Error).message})` };
  }
  const pid = lockPid(text);
  if (pid !== undefined) {
    return isProcessRunning(pid)
      ? { state: 'held', path: shown, why: `process ${pid}, named in it, is running` }
      : { state: 'stale', path: shown, why: `process ${pid}, named in it, is not running` };
  }
  const minutes = Math.max(0, Math.floor((now - mtimeMs) / 60_000));
  return now - mtimeMs < PIDLESS_LOCK_FRESH_MS
    ? { state: 'held', path: shown, why: `it names no process and was written ${minutes} minute(s) ago` }
    : { state: 'stale', path: shown, why: `it names no process and is ${minutes} minutes old` };
}

/**
 * Refuses (FAILED_PRECONDITION, naming the file) while another installer run
 * holds the lock of `location`. Returns a sentence to show in the job when a
 * stale lock was found and ignored, else undefined. For Install and Uninstall.
 */
export async function requireNoInstallerRun(config: LockConfig, location: string): Promise<string | undefined> {
  const lock = await readInstallerLock(config, location);
  if (lock.state === 'held') {
    throw failedPrecondition(
      `another run of the agent installer is in progress: its lock file ${lock.path} is held (${lock.why}); ` +
        'try again when it has finished, or, if you are sure no installer runs, delete that file',
    );
  }
  if (lock.state === 'stale') return `ignored the stale installer lock ${lock.path} (${lock.why}); the installer removes it`;
  return undefined;
}

/** The process id on the lock's first line, if it holds one. */
function lockPid(text: string): number | undefined {
  const first = text.split(/\r?\n/, 1)[0].trim();
  if (!/^\d+$/.test(first)) return undefined;
  const pid = Number(first);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
