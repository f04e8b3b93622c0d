/**
 * Mocha set-up for tests that kill mobilityd and start it again on the same
 * state: a fresh sandbox per test, daemons started as child processes, and
 * everything killed and removed after the test (the assertions are made before).
 */
import * as path from 'node:path';
import { startDaemonProcess, type DaemonProcess } from './daemon-process';
import { killProcessesOfRoot } from './process-scan';
import { makeSandbox, type Sandbox } from './sandbox';

export interface KillableDaemons {
  /** This test's sandbox (a new one for every test). */
  sandbox(): Sandbox;
  /** Starts a mobilityd child process on the sandbox's root and state folder. */
  start(): Promise<DaemonProcess>;
  /** The repository folder of the sandbox's daemons. */
  repository(): string;
}

/** Call inside a describe: registers the beforeEach/afterEach that give each test its sandbox. */
export function useKillableDaemons(): KillableDaemons {
  let sandbox: Sandbox | undefined;
  const daemons: DaemonProcess[] = [];
  const current = () => {
    if (!sandbox) throw new Error('useKillableDaemons: the sandbox exists only inside a test');
    return sandbox;
  };
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(async () => {
    for (const d of daemons.splice(0)) await d.kill('SIGKILL');
    killProcessesOfRoot(current().root); // installers a killed daemon left running
    current().remove();
    sandbox = undefined;
  });
  return {
    sandbox: current,
    async start() {
      const d = await startDaemonProcess({ root: current().root, stateDir: current().stateDir });
      daemons.push(d);
      return d;
    },
    repository: () => path.join(current().stateDir, 'repository'),
  };
}
