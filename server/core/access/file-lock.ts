/**
 * A lock file beside a file that several processes read, change and write back
 * (`mobilityd token create` run twice at once must keep both tokens). The lock
 * is FILE.lock, created exclusively and holding its owner's pid; it is held
 * for the milliseconds a change takes. A lock left by a process that was
 * killed is not taken over silently (two processes could both take it over):
 * the error names it and says to remove it.
 */
import * as fs from 'node:fs';
import { isProcessRunning } from '../processes/process-alive';

const WAIT_MS = 10_000;
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

/** Runs `work` holding `${file}.lock`; waits up to 10 s for another holder. */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await acquire(lock);
  try {
    return await work();
  } finally {
    await fs.promises.rm(lock, { force: true });
  }
}

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    if (await tryCreate(lock)) return;
    const holder = await holderPid(lock);
    if (holder !== undefined && !isProcessRunning(holder)) {
      throw new Error(
        `${lock} was left by process ${holder}, which no longer runs (a command killed while changing the file); ` +
          `check that the file next to it is as you expect, remove ${lock}, and run the command again`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${lock} is held${holder !== undefined ? ` by process ${holder}` : ''} and was not released within ${WAIT_MS / 1000} s: ` +
          `another command is changing the file; if none runs, remove ${lock} and run the command again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

async function tryCreate(lock: string): Promise<boolean> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(lock, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create the lock file ${lock}: ${(err as Error).message}`);
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The pid in the lock, or undefined while its owner has not written it yet (or it is gone). */
async function holderPid(lock: string): Promise<number | undefined> {
  const text = await fs.promises.readFile(lock, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
