/**
 * Every child process the bench starts goes through here, so that all of them
 * are ended at the end of the run, on failure and on Ctrl-C (by pid, never by name).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as path from 'node:path';
import { sleep } from './clock';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_DIR = path.join(REPO_ROOT, 'bench');

const children = new Set<ChildProcess>();

export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

/** Runs a bench TypeScript entry (bench/*.ts) in its own Node process through tsx. */
export function spawnBenchScript(file: string, args: string[]): ChildProcess {
  return spawnTracked(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file), ...args]);
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<{ code: number | null; signal: string | null; forced: boolean }> {
  const exited = new Promise<void>((resolve) => {
    if (!isRunning(child)) resolve();
    else child.once('exit', () => resolve());
  });
  let forced = false;
  if (isRunning(child)) {
    child.kill('SIGTERM');
    const timer = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout' && isRunning(child)) {
      forced = true;
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
  }
  children.delete(child);
  return { code: child.exitCode, signal: child.signalCode, forced };
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, 2000)));
}

/** Last resort from an 'exit' handler: no waiting is possible there. */
export function killAllChildrenSync(): void {
  for (const child of children) {
    if (isRunning(child)) child.kill('SIGKILL');
  }
  children.clear();
}

/** Keeps the last lines a child wrote (for error messages), draining the pipe so it never blocks. */
export function captureTail(stream: NodeJS.ReadableStream | null, maxChars = 4000): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-maxChars);
  });
  return () => text.trim();
}

/**
 * Waits for a line on the child's stdout matching `pattern` and returns the match.
 * Fails if the child exits first or the line does not come within `timeoutMs`.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string, stderr: () => string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = buffered.match(pattern);
      if (match) {
        finish();
        resolve(match);
      } else if (buffered.length > 64 * 1024) {
        buffered = buffered.slice(-4096);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready: ${stderr() || buffered.trim() || 'no output'}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${what} printed no line matching ${pattern} within ${timeoutMs} ms: ${stderr() || buffered.trim() || 'no output'}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout?.resume();
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
