/**
 * mobilityd as a child process (the bundled dist/mobilityd.cjs), for what an
 * in-process daemon cannot show: being killed with SIGKILL and started again
 * on the same state folder. Started by spawn-mobilityd.ts (shared with the
 * benchmarks), with a client connected to it.
 */
import type { ChildProcess } from 'node:child_process';
import { AgentControlClient } from '../../client/agent-control-client';
import { spawnMobilityd, type ProcessExit } from './spawn-mobilityd';

export interface DaemonProcess {
  child: ChildProcess;
  address: string;
  client: AgentControlClient;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<ProcessExit>;
  /** Sends a signal and waits for the exit; closes the client. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startDaemonProcess(options: { root: string; stateDir: string }): Promise<DaemonProcess> {
  const args = ['--listen', '127.0.0.1:0', '--rest-listen', 'off', '--root', options.root, '--state-dir', options.stateDir];
  const { child, address, output, exited } = await spawnMobilityd({ args });
  const client = new AgentControlClient(address);
  return {
    child,
    address,
    client,
    output,
    exited,
    async kill(signal) {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
