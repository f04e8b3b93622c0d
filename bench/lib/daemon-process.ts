/**
 * mobilityd under test: the built bundle in its own process, on 127.0.0.1 and
 * a free port. Started the way the tests start it (test/helpers/spawn-mobilityd.ts),
 * through the bench's tracked spawn so that every run ends it.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { spawnMobilityd } from '../../test/helpers/spawn-mobilityd';
import { spawnTracked, stopChild } from './processes';
import type { BenchSandbox } from './sandbox';

export interface DaemonProcess {
  pid: number;
  /** 127.0.0.1:PORT */
  address: string;
  child: ChildProcess;
  /** ms from spawn to the "listening" line. */
  startupMs: number;
  /** The last of what it wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM (SIGKILL after a grace period); says whether it shut down cleanly. */
  stop(): Promise<{ clean: boolean; detail: string }>;
}

/** How every daemon this run started ended (a SIGTERM that hangs is a finding). */
export const daemonShutdowns: { clean: boolean; detail: string }[] = [];

const optionalArgs = new Map<string, string[]>();

/**
 * Flags newer daemons understand: the REST mirror listens on a fixed port
 * (127.0.0.1:50052) by default, which would collide with any other daemon on
 * this machine, so it is moved to a free port (kept on: it is part of the
 * daemon as shipped, and of its memory). Asked once per bundle via --help.
 */
export function daemonOptionalArgs(bundle: string): string[] {
  let args = optionalArgs.get(bundle);
  if (!args) {
    let help = '';
    try {
      help = execFileSync(process.execPath, [bundle, '--help'], { encoding: 'utf8', timeout: 10_000 });
    } catch {
      // An old or broken bundle: startDaemonProcess reports what is wrong.
    }
    args = help.includes('--rest-listen') ? ['--rest-listen', '127.0.0.1:0'] : [];
    optionalArgs.set(bundle, args);
  }
  return args;
}

export interface DaemonStartOptions {
  /** More command-line options, e.g. --tls-cert FILE --tls-key FILE. */
  extraArgs?: string[];
  /** Instead of the sandbox's, for several daemons running at once. */
  root?: string;
  stateDir?: string;
  timeoutMs?: number;
}

export async function startDaemonProcess(bundle: string, sandbox: BenchSandbox, options: DaemonStartOptions = {}): Promise<DaemonProcess> {
  const { extraArgs = [], root = sandbox.root, stateDir = sandbox.stateDir, timeoutMs = 20_000 } = options;
  const started = Date.now();
  const args = ['--listen', '127.0.0.1:0', ...daemonOptionalArgs(bundle), '--root', root, '--state-dir', stateDir, ...extraArgs];
  const { child, address, output } = await spawnMobilityd({ bundle, args, spawn: spawnTracked, timeoutMs });
  return {
    pid: child.pid!,
    address,
    child,
    startupMs: Date.now() - started,
    output,
    async stop() {
      const result = await stopChild(child, 3000);
      const clean = !result.forced && result.code === 0;
      const detail = result.forced
        ? 'did not exit within 3 s of SIGTERM (killed)'
        : `exit code ${result.code}${result.signal ? `, signal ${result.signal}` : ''}`;
      daemonShutdowns.push({ clean, detail });
      return { clean, detail };
    },
  };
}
