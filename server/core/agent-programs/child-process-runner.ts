/**
 * Runs one program of a job (tar, the installer, the configurator) the way the
 * contract says: no shell, stdin closed, in its own process group, every output
 * line timestamped into the job's log. Cancelling ends the whole tree, and the
 * promise settles only when the program is gone and its output is on disk, so
 * the job can report the truth the moment it resolves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, failedPrecondition } from '../errors/app-error';
import type { Command } from './installer-commands';
import { LineSplitter } from './line-splitter';
import { LogAppender } from './log-appender';
import { groupIsAlive, signalGroup } from '../processes/process-group';
import { redactor } from './redaction';

export interface ProcessResult {
  /** The exit code, or null when a signal ended the program. */
  exitCode: number | null;
  /** The signal that ended the program, or null when it exited. */
  signal: NodeJS.Signals | null;
  /** True when the run was aborted through `signal` before the program ended. */
  cancelled: boolean;
  pid?: number;
  /** Set when the log could not be written; the program ran to its end regardless. */
  logError?: string;
}

export interface RunOptions {
  /** The program's whole environment, as spawn takes it; the daemon's own when absent. */
  env?: NodeJS.ProcessEnv;
  /** Output goes here, appended, one `<ISO time> <line>` per line. */
  logFile: string;
  /** Aborting ends the program's whole process group. */
  signal?: AbortSignal;
  /** Each output line (already redacted), as it arrives. */
  onLine?: (line: string) => void;
  /** Strings replaced by *** in every line before it is logged or passed on. */
  redact?: string[];
  /** How long the group has after SIGTERM before SIGKILL (default 5 s). */
  killAfterMs?: number;
  /** How long to wait, after the program exited, for processes it left behind to close its output (default 2 s). */
  outputGraceMs?: number;
}

export const DEFAULT_KILL_AFTER_MS = 5000;
export const DEFAULT_OUTPUT_GRACE_MS = 2000;
/** How often a cancelled group is checked, and how long SIGKILL may take to land. */
const POLL_MS = 50;
const SIGKILL_WAIT_MS = 5000;

export async function runProcess(command: Command, options: RunOptions): Promise<ProcessResult> {
  if (options.signal?.aborted) return { exitCode: null, signal: null, cancelled: true };
  const log = await openLog(options.logFile);
  await checkWorkingFolder(command);
  // Aborted while the log was being prepared: the program must not start at all.
  if (options.signal?.aborted) return { exitCode: null, signal: null, cancelled: true };
  return new Promise<ProcessResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command.file, command.args, {
        cwd: command.cwd,
        env: options.env,
        detached: true,
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      return reject(spawnError(command, err));
    }
    if (child.pid === undefined) {
      child.once('error', (err) => reject(spawnError(command, err)));
      return;
    }
    new ChildSupervision(child, child.pid, program(command), log, options, resolve).start();
  });
}

const program = (command: Command) => path.basename(command.file.replace(/\\/g, '/'));

async function openLog(file: string): Promise<LogAppender> {
  try {
    return await LogAppender.open(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('permission_denied', `mobilityd cannot write the log ${file} (permission denied); fix the folder's permissions`);
    }
    throw failedPrecondition(`mobilityd cannot write the log ${file}: ${(err as Error).message}`);
  }
}

/** Node reports a missing cwd as the program missing; say which it is. */
async function checkWorkingFolder(command: Command): Promise<void> {
  if (!command.cwd) return;
  const stat = await fs.stat(command.cwd).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw failedPrecondition(`cannot start ${command.file}: its working folder ${command.cwd} does not exist`);
  }
}

function spawnError(command: Command, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist (or the interpreter on its #! line does not)'
      : code === 'EACCES'
        ? 'permission denied (is it executable, and may mobilityd run it?)'
        : (err as Error).message;
  return failedPrecondition(`cannot start ${command.file}: ${why}`);
}

/** Watches one running child until it is gone and its output is logged. */
class ChildSupervision {
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly open = new Set<Readable>();
  private readonly splitters = new Map<Readable, LineSplitter>();
  private readonly redact: (text: string) => string;
  private cancelled = false;
  private terminating = false;
  private terminated = false;
  private timers: NodeJS.Timeout[] = [];
  private graceStarted = false;
  private done = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly pid: number,
    private readonly name: string,
    private readonly log: LogAppender,
    private readonly options: RunOptions,
    private readonly resolve: (result: ProcessResult) => void,
  ) {
    this.redact = redactor(options.redact);
  }

  start(): void {
    for (const stream of [this.child.stdout, this.child.stderr]) if (stream) this.watch(stream);
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.settle();
    });
    // After a successful spawn, 'error' only reports a failed kill(); the exit still comes.
    this.child.on('error', () => undefined);
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private watch(stream: Readable): void {
    const splitter = new LineSplitter();
    this.open.add(stream);
    this.splitters.set(stream, splitter);
    stream.on('data', (chunk: Buffer) => this.emit(splitter.push(chunk)));
    stream.on('end', () => this.emit(splitter.end()));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      this.open.delete(stream);
      this.settle();
    });
  }

  private emit(lines: string[]): void {
    if (lines.length === 0) return;
    const clean = lines.map(this.redact);
    this.log.append(clean);
    for (const line of clean) {
      try {
        this.options.onLine?.(line);
      } catch {
        // A listener's bug must neither kill the daemon nor stop the log.
      }
    }
  }

  private note(text: string): void {
    this.log.append([`mobilityd: ${text}`]);
  }

  private readonly onAbort = () => {
    if (this.exit || this.terminating) return; // The program already ended on its own.
    this.cancelled = true;
    this.terminating = true;
    this.note(`cancelled; sent SIGTERM to ${this.name}'s process group ${this.pid}`);
    signalGroup(this.pid, 'SIGTERM');
    const deadline = Date.now() + (this.options.killAfterMs ?? DEFAULT_KILL_AFTER_MS);
    this.awaitGroupEnd(deadline);
  };

  /**
   * Polls (nothing signals the death of grandchildren) until the group is gone:
   * SIGKILL when SIGTERM has not ended it by the deadline, then again until
   * SIGKILL has taken effect, so a cancelled run resolves with nothing left.
   */
  private awaitGroupEnd(deadline: number, killed = false): void {
    if (!groupIsAlive(this.pid)) return this.groupGone();
    if (Date.now() >= deadline) {
      if (killed) {
        this.note(`process group ${this.pid} survived SIGKILL (a process stuck in the kernel?); no longer waiting for it`);
        return this.groupGone();
      }
      this.note(`process group ${this.pid} still running after SIGTERM; sent SIGKILL`);
      signalGroup(this.pid, 'SIGKILL');
      return this.awaitGroupEnd(Date.now() + SIGKILL_WAIT_MS, true);
    }
    this.later(Math.min(POLL_MS, Math.max(1, deadline - Date.now())), () => this.awaitGroupEnd(deadline, killed));
  }

  private groupGone(): void {
    this.terminated = true;
    this.settle();
  }

  /** Finishes once the program exited, a cancel has ended its group, and its output is closed (or given up on). */
  private settle(): void {
    if (this.done || !this.exit) return;
    if (this.terminating && !this.terminated) return;
    if (this.open.size > 0) return this.startOutputGrace();
    void this.finish();
  }

  /**
   * A process the program started in the background (a service, say) may keep
   * its output open forever. Stop recording after a grace period, but keep
   * draining the pipe so that process is not killed by SIGPIPE.
   */
  private startOutputGrace(): void {
    if (this.graceStarted) return;
    this.graceStarted = true;
    this.later(this.options.outputGraceMs ?? DEFAULT_OUTPUT_GRACE_MS, () => {
      if (this.done) return;
      for (const stream of this.open) this.detach(stream);
      this.note(`${this.name} exited, but a process it started still holds its output open; stopped recording it`);
      void this.finish();
    });
  }

  private detach(stream: Readable): void {
    stream.removeAllListeners('data');
    this.emit(this.splitters.get(stream)?.end() ?? []);
    stream.on('data', () => undefined);
    (stream as Readable & { unref?: () => void }).unref?.();
  }

  private async finish(): Promise<void> {
    this.done = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    await this.log.flush();
    const result: ProcessResult = {
      exitCode: this.exit?.code ?? null,
      signal: this.exit?.signal ?? null,
      cancelled: this.cancelled,
      pid: this.pid,
    };
    if (this.log.error) result.logError = `writing ${this.log.file} failed: ${this.log.error.message}`;
    this.resolve(result);
  }

  private later(ms: number, fn: () => void): void {
    this.timers.push(setTimeout(fn, ms));
  }
}
