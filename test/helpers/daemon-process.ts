/**
 * mobilityd as a child process (the bundled dist/mobilityd.cjs), for what an
 * in-process daemon cannot show: being killed with SIGKILL and started again
 * on the same state folder. Readiness is read from its "listening on" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';

const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'mobilityd.cjs');

export interface DaemonProcess {
  child: ChildProcess;
  address: string;
  client: AgentControlClient;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit; closes the client. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function startDaemonProcess(options: { root: string; stateDir: string }): Promise<DaemonProcess> {
  const args = [BUNDLE, '--listen', '127.0.0.1:0', '--rest-listen', 'off', '--root', options.root, '--state-dir', options.stateDir];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (127\.0\.0\.1:\d+) \(gRPC\)/.exec(output);
      if (!match) return;
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more: Buffer) => (output += more.toString('utf8')));
      const client = new AgentControlClient(match[1]);
      resolve({
        child,
        address: match[1],
        client,
        output: () => output,
        exited,
        async kill(signal) {
          client.close();
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(({ code, signal }) => reject(new Error(`mobilityd exited (${code ?? signal}) before listening:\n${output}`)));
  });
}
