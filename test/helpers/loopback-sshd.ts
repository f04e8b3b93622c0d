/**
 * A real OpenSSH server on 127.0.0.1 and a free port, for the tests that deploy
 * with Ansible and reach mobilityd over ssh://: its own host key, a client key
 * made for the test (authorised for root), and its own config, so nothing of
 * the machine's ssh set-up is used or changed. Debian's openssh-server
 * (scripts/e2e-setup.sh installs it). Plain Node, no mocha.
 *
 * sshClientArgs() are the options every client (ssh, Ansible) needs to log in
 * with the test's key and to trust the test's host key without prompting.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

export const SSHD = '/usr/sbin/sshd';

export interface LoopbackSshd {
  host: '127.0.0.1';
  port: number;
  user: 'root';
  /** The client's private key (ed25519, no passphrase). */
  clientKey: string;
  /** known_hosts the client writes to (the test's own). */
  knownHosts: string;
  dir: string;
  /** `-i KEY -p PORT -o ...`: what `ssh` needs to log in; no host name. */
  sshClientArgs(): string[];
  /** An ssh_config file with a Host entry `name` for this server (for tools that read one). */
  writeSshConfig(name: string): string;
  /**
   * Ends the server and every SSH session it serves (their clients see the
   * connection drop), keeping its keys and config for resume().
   */
  pause(): Promise<void>;
  /** Starts it again on the same port, with the same keys: clients log in as before. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether this machine can run the tests that need it. */
export function sshdAvailable(): boolean {
  return fs.existsSync(SSHD) && fs.existsSync('/usr/bin/ssh');
}

export async function startLoopbackSshd(): Promise<LoopbackSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-sshd-'));
  const hostKey = path.join(dir, 'hostkey');
  const clientKey = path.join(dir, 'client');
  const knownHosts = path.join(dir, 'known_hosts');
  for (const key of [hostKey, clientKey]) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { stdio: 'ignore' });
  fs.copyFileSync(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // its privilege separation folder
  const port = await freePort();
  const pidFile = path.join(dir, 'sshd.pid');
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no', // the temp folder is world-readable
      'UsePAM no',
      `PidFile ${pidFile}`,
      'AcceptEnv LANG LC_*',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  let server = await launchSshd(config, port);
  const clientArgs = ['-i', clientKey, '-p', String(port), '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR'];
  return {
    host: '127.0.0.1',
    port,
    user: 'root',
    clientKey,
    knownHosts,
    dir,
    sshClientArgs: () => [...clientArgs],
    writeSshConfig: (name: string) => writeSshConfig(dir, name, port, clientKey, knownHosts),
    pause: () => server.end(),
    async resume() {
      server = await launchSshd(config, port);
    },
    async stop() {
      await server.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface RunningSshd {
  /** Ends the listener and its sessions (each runs in its own session, so ending the listener alone would leave them). */
  end(): Promise<void>;
}

async function launchSshd(config: string, port: number): Promise<RunningSshd> {
  // -D: in the foreground, so the test owns the process and its exit; -e: its log on stderr, where it says when it listens.
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sshd did not say it listens on 127.0.0.1:${port} within 10 s: ${log.join('')}`));
    }, 10_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (log.length > 100) return; // its per-connection lines later: read (so the pipe never fills), not kept
      log.push(chunk);
      if (log.join('').includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}) before listening: ${log.join('')}`));
    });
  });
  return {
    async end() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const sessions = sessionsOf(child.pid!);
      child.kill('SIGTERM');
      await exited;
      for (const pid of sessions) killIfAlive(pid);
    },
  };
}

/** The listener's children: one process per SSH connection (its privilege-separation monitor). */
function sessionsOf(pid: number): number[] {
  const result = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone with its connection
  }
}

/** An ssh_config file with a Host entry `name` for this server. */
function writeSshConfig(dir: string, name: string, port: number, clientKey: string, knownHosts: string): string {
  const file = path.join(dir, `ssh_config-${name}`);
  fs.writeFileSync(
    file,
    [
      `Host ${name}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      '  User root',
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      `  UserKnownHostsFile ${knownHosts}`,
      '  BatchMode yes',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  );
  return file;
}
