/**
 * The local end of an ssh:// address, like `docker -H ssh://`: a Unix socket
 * in a private temporary folder (0700) that grpc-js dials; every connection
 * made to it runs the system's ssh (`ssh ... HOST mobilityd dial-stdio
 * --socket PATH`) and is piped to its stdin and stdout. So the user's keys,
 * agent, ~/.ssh/config, jump hosts and known_hosts apply, and mobilityd needs
 * no open port. When ssh fails or the connection drops, why (its stderr) is
 * kept for the failed call's error (lastFailure()); grpc-js's next connection
 * runs a new ssh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SshTarget } from './ssh-address';
import { describeSpawnError, describeSshExit } from './ssh-failure';
import { sshInvocation, type SshTransportOptions } from './ssh-options';

/** How much of ssh's stderr is kept per run: enough for its last lines. */
const STDERR_TAIL = 4096;

export class SshTunnel {
  /** unix:///tmp/mobility-ssh-XXXXXX/tunnel.sock, for grpc-js. */
  readonly localAddress: string;
  /** Resolves once the local socket listens; rejects when it cannot. */
  readonly ready: Promise<void>;
  private readonly dir: string;
  private readonly server: net.Server;
  private readonly runs = new Set<ChildProcess>();
  private readonly invocation: { command: string; args: string[] };
  private failure?: string;
  private closed = false;

  /** Throws a ClientError (reason 'address') for ssh options that cannot be used. */
  constructor(
    private readonly target: SshTarget,
    private readonly options: SshTransportOptions,
  ) {
    this.invocation = sshInvocation(target, options);
    // mkdtemp makes the folder 0700: only this user can reach the socket, which is as good as the user's ssh key.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ssh-'));
    const socketPath = path.join(this.dir, 'tunnel.sock');
    this.localAddress = `unix://${socketPath}`;
    this.server = net.createServer((connection) => this.carry(connection));
    this.ready = new Promise((resolve, reject) => {
      this.server.once('listening', resolve);
      this.server.once('error', reject);
    });
    this.ready.catch(() => undefined); // reported to whoever awaits it
    this.server.listen(socketPath);
  }

  /** Why the latest ssh run failed, until one gets through again. */
  lastFailure(): string | undefined {
    return this.failure;
  }

  /** Stops listening, ends every ssh run, and removes the folder. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs) run.kill('SIGTERM');
    this.server.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private carry(connection: net.Socket): void {
    if (this.closed) return void connection.destroy();
    const { command, args } = this.invocation;
    const run = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.runs.add(run);
    let stderr = '';
    let endedHere = false;
    let notStarted = false;
    run.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_TAIL)));
    run.stdout!.once('data', () => (this.failure = undefined)); // the daemon answered: through again
    // Not ended by ssh's stdout: the connection ends only once ssh has exited and why is known.
    run.stdout!.pipe(connection, { end: false });
    connection.pipe(run.stdin!);
    run.stdin!.on('error', () => undefined); // EPIPE once ssh is gone: its exit tells why
    connection.on('error', () => undefined); // grpc-js closing mid-write: the close below ends ssh
    connection.once('close', () => {
      if (run.exitCode !== null || run.signalCode !== null) return;
      endedHere = true;
      run.kill('SIGTERM');
    });
    run.once('error', (err) => {
      notStarted = true;
      this.failure = describeSpawnError(command, err);
      this.runs.delete(run);
      connection.destroy();
    });
    run.once('close', (code, signal) => {
      this.runs.delete(run);
      if (!endedHere && !notStarted && !this.closed) {
        const why = describeSshExit({ code, signal, stderr, command, host: this.target.host, remoteCommand: this.options.remoteCommand ?? 'mobilityd' });
        if (why) this.failure = why;
      }
      connection.destroy();
    });
  }
}
