/**
 * The real bundled mobilityctl (dist/mobilityctl.cjs) as a child process, with
 * its output awaitable as it arrives: CLI tests synchronise on what the CLI
 * prints and on its exit, never on time.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI_BUNDLE = path.join(__dirname, '..', '..', 'dist', 'mobilityctl.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI's environment: no inherited MOBILITY_HOST or MOBILITY_INVENTORY, so --host is what the test says. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('MOBILITY_HOST' in extra)) delete env.MOBILITY_HOST;
  if (!('MOBILITY_INVENTORY' in extra)) delete env.MOBILITY_INVENTORY;
  return env;
}

export class RunningCli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;

  /** `input`, when given, is written to the CLI's standard input. */
  constructor(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
    const { env = cliEnv(), input } = options;
    this.child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) this.child.stdin!.end(input);
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }));
    });
  }

  /** Resolves once stdout satisfies the predicate; fails if the CLI exits first. */
  waitForStdout(ready: (stdout: string) => boolean): Promise<void> {
    return this.waitFor('stdout', ready);
  }

  /** Resolves once stderr satisfies the predicate; fails if the CLI exits first. */
  waitForStderr(ready: (stderr: string) => boolean): Promise<void> {
    return this.waitFor('stderr', ready);
  }

  private waitFor(stream: 'stdout' | 'stderr', ready: (text: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready(this[stream])) return;
        this.child[stream]!.off('data', check);
        resolve();
      };
      this.child[stream]!.on('data', check);
      this.exited.then((r) => reject(new Error(`CLI exited (${r.code}) first; stdout=${r.stdout} stderr=${r.stderr}`)));
      check();
    });
  }
}

export function runCli(args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return new RunningCli(args, options).exited;
}

export function assertNoStackTrace(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at .+\d+:\d+\)?$/m, `stderr has a stack trace:\n${result.stderr}`);
}

/** The CLI's --json output, parsed. */
export function jsonOf<T = any>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

/** Call inside a describe: its tests fail at once, saying what to do, when dist/mobilityctl.cjs has not been built. */
export function requireBuiltCli(): void {
  before(() => assert.ok(fs.existsSync(CLI_BUNDLE), `${CLI_BUNDLE} is missing: run \`npm run build\` before these tests`));
}
