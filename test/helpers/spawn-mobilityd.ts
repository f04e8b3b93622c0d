/**
 * mobilityd from its bundle as a child process, ready once it has printed its
 * "listening on" line: the one way the tests (daemon-process.ts) and the
 * benchmarks (bench/lib/daemon-process.ts) start it. Plain Node, no mocha, so
 * that bench/ may import it as it imports the sandbox's os-release.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const MOBILITYD_BUNDLE = path.join(__dirname, '..', '..', 'dist', 'mobilityd.cjs');

/** The line every bundle prints once it listens; only the first gRPC address is read (older bundles end the line differently). */
const LISTENING = /mobilityd \S+ listening on (127\.0\.0\.1:\d+)/;
/** How much of the daemon's output is kept for error messages. */
const OUTPUT_TAIL = 64 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedMobilityd {
  child: ChildProcess;
  /** 127.0.0.1:PORT of its first gRPC listener. */
  address: string;
  /** The last 64 KiB it wrote to stdout and stderr. */
  output(): string;
  exited: Promise<ProcessExit>;
}

export interface SpawnOptions {
  /** dist/mobilityd.cjs unless given (the benchmarks may measure another build). */
  bundle?: string;
  /** The command-line options after the bundle. */
  args: readonly string[];
  /** How to start the process; the benchmarks pass theirs, which ends every child on Ctrl-C. */
  spawn?: (command: string, args: string[]) => ChildProcess;
  /** Kill it and fail when it has not printed its line by then; without it, the caller's own timeout applies. */
  timeoutMs?: number;
}

export function spawnMobilityd(options: SpawnOptions): Promise<SpawnedMobilityd> {
  const bundle = options.bundle ?? MOBILITYD_BUNDLE;
  const start = options.spawn ?? ((command, args) => spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const child = start(process.execPath, [bundle, ...options.args]);
  child.stdin?.end();
  let output = '';
  // Both pipes are drained for the whole life of the process, so it never blocks on a full pipe.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const what = `mobilityd (${path.relative(process.cwd(), bundle) || bundle})`;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
    };
    const onData = () => {
      const match = LISTENING.exec(output);
      if (!match) return;
      finish();
      resolve({ child, address: match[1], output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.once('error', (err) => {
      finish();
      reject(new Error(`${what} could not be started: ${err.message}`));
    });
    void exited.then(({ code, signal }) => {
      finish();
      reject(new Error(`${what} exited (${code ?? signal}) before listening:\n${output.trim() || 'no output'}`));
    });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        finish();
        child.kill('SIGKILL');
        reject(new Error(`${what} printed no "listening on" line within ${options.timeoutMs} ms:\n${output.trim() || 'no output'}`));
      }, options.timeoutMs);
    }
  });
}
