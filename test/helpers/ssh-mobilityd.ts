/**
 * mobilityd reached over ssh://, all on this machine: a job daemon listening
 * only on a Unix socket in a temporary folder, the loopback sshd, and a
 * `mobilityd` wrapper (the repository's bundle) that the ssh session runs as
 * its remote command, since root's PATH in that session is sshd's fixed one.
 * What a client needs is `address` and `ssh` (the test key, known_hosts and
 * the wrapper), or the same as MOBILITY_SSH_* variables for the CLI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { SSH_OPTS_ENV, SSH_REMOTE_COMMAND_ENV, type SshTransportOptions } from '../../client/connection/ssh-options';
import { startJobDaemon, type JobDaemon } from './job-daemon';
import { startLoopbackSshd, type LoopbackSshd } from './loopback-sshd';
import { MOBILITYD_BUNDLE } from './spawn-mobilityd';

export interface SshMobilityd {
  sshd: LoopbackSshd;
  /** The daemon on its Unix socket (its own client dials the socket directly). */
  daemon: JobDaemon;
  socketPath: string;
  /** ssh://root@127.0.0.1:PORT/<socketPath> */
  address: string;
  /** The wrapper script run on the "remote" side. */
  remoteCommand: string;
  ssh: SshTransportOptions;
  /** A client over ssh:// (closed by stop() if the test did not). */
  client(security?: ConnectionSecurity): AgentControlClient;
  /** MOBILITY_SSH_OPTS and MOBILITY_SSH_REMOTE_COMMAND for a CLI child process. */
  env(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startSshMobilityd(): Promise<SshMobilityd> {
  if (!fs.existsSync(MOBILITYD_BUNDLE)) throw new Error(`${MOBILITYD_BUNDLE} is missing: run npm run build (the ssh session runs the bundle)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ssh-host-'));
  const socketPath = path.join(dir, 'mobilityd.sock');
  const remoteCommand = path.join(dir, 'mobilityd');
  fs.writeFileSync(remoteCommand, `#!/bin/sh\nexec ${process.execPath} ${MOBILITYD_BUNDLE} "$@"\n`, { mode: 0o755 });
  const sshd = await startLoopbackSshd();
  const daemon = await startJobDaemon({ config: { listen: [`unix://${socketPath}`], restListen: [] } });
  const ssh: SshTransportOptions = { extraArgs: sshd.sshClientArgs(), remoteCommand };
  const clients: AgentControlClient[] = [];
  const address = `ssh://${sshd.user}@${sshd.host}:${sshd.port}${socketPath}`;
  return {
    sshd,
    daemon,
    socketPath,
    address,
    remoteCommand,
    ssh,
    client(security = {}) {
      const client = new AgentControlClient(address, {}, { ssh, ...security });
      clients.push(client);
      return client;
    },
    env: () => ({ [SSH_OPTS_ENV]: sshd.sshClientArgs().join(' '), [SSH_REMOTE_COMMAND_ENV]: remoteCommand }),
    async stop() {
      for (const client of clients) client.close();
      await daemon.stop();
      await sshd.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
