/**
 * AgentControlClient at ssh://user@host:port/socket: a real OpenSSH server on
 * 127.0.0.1 runs `mobilityd dial-stdio` (the repository's bundle) to a real
 * mobilityd listening only on a Unix socket. Calls, streams and jobs go
 * through; ssh's own words become the error; close() ends the ssh runs.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { AgentControlClient } from '../../client/agent-control-client';
import { ClientError } from '../../client/errors/client-error';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { closedPort } from '../helpers/closed-port';
import { followLog } from '../helpers/log-follower';
import { linesOf } from '../helpers/log-lines';
import { setSamplePassphrase } from '../helpers/sample-packages';
import { JobWatcher } from '../helpers/job-watcher';
import { startSshMobilityd, type SshMobilityd } from '../helpers/ssh-mobilityd';
import { useStarted } from '../helpers/use-started';
import { waitFor } from '../helpers/wait-for';

/** The ssh processes this test process runs (the tunnels' ssh runs). */
const sshChildren = () =>
  spawnSync('pgrep', ['-P', String(process.pid), '-x', 'ssh'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

async function failureOf(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ClientError, `a ClientError, not ${String(err)}`);
    return err;
  }
  throw new Error('the call succeeded');
}

describe('client over ssh:// (real sshd, real mobilityd on a Unix socket)', function () {
  this.timeout(60_000);
  const host = useStarted('mobilityd over ssh', startSshMobilityd, { shared: true });
  let extra: AgentControlClient[] = [];
  afterEach(() => {
    for (const client of extra) client.close();
    extra = [];
  });
  const clientAt = (address: string, ssh = host().ssh) => {
    const client = new AgentControlClient(address, {}, { ssh });
    extra.push(client);
    return client;
  };

  it('GetStatus answers what the daemon says on its socket', async () => {
    const h: SshMobilityd = host();
    const client = h.client();
    assert.equal(client.address, h.address, 'the address stays the ssh:// one');
    const overSsh = await client.getStatus();
    const direct = await h.daemon.client.getStatus();
    assert.equal(overSsh.host?.hostname, direct.host?.hostname);
    assert.deepEqual(overSsh.daemon?.listenAddresses, [`unix://${h.socketPath}`]);
  });

  it('close() ends the ssh it ran', async () => {
    const client = clientAt(host().address);
    const before = new Set(sshChildren());
    await client.getStatus();
    const ours = sshChildren().filter((pid) => !before.has(pid));
    assert.equal(ours.length, 1, 'one ssh carries the connection');
    client.close();
    await waitFor(() => !fs.existsSync(`/proc/${ours[0]}`), 'the ssh process to end');
  });

  it('an install and a register run to their end, watched over ssh', async () => {
    const client = host().client();
    const install = await client.install({ role: 1, platform: 1 });
    const installed = await new JobWatcher(client.watchJob(install.id)).result();
    assert.equal(installed.state, JobState.SUCCEEDED, installed.message);
    setSamplePassphrase(host().daemon.sandbox.root, 'ssh-test-passphrase');
    const registration = { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase' as const, value: 'ssh-test-passphrase' } };
    const register = await client.register({ registration });
    const registered = await new JobWatcher(client.watchJob(register.id)).result();
    assert.equal(registered.state, JobState.SUCCEEDED, registered.message);
    assert.deepEqual((await host().daemon.client.listJobs()).jobs.map((j) => j.id).sort(), [install.id, register.id].sort());
  });

  it('a TailLog follow gets the lines appended after it started', async () => {
    const log = host().daemon.logPath('configurator');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.appendFileSync(log, '');
    const tail = await followLog(host().client(), 'configurator');
    try {
      fs.appendFileSync(log, linesOf(1, 3).map((l) => `${l}\n`).join(''));
      await tail.until((t) => linesOf(1, 3).every((l) => t.lines.includes(l)), 'the appended lines');
    } finally {
      tail.cancel();
    }
  });

  it("a key the server does not take: 'unreachable' with ssh's words, not a bare UNAVAILABLE", async () => {
    const ssh = { ...host().ssh, extraArgs: host().ssh.extraArgs!.map((arg) => (arg === host().sshd.clientKey ? `${host().sshd.dir}/hostkey` : arg)) };
    const err = await failureOf(clientAt(host().address, ssh).getStatus());
    assert.equal(err.reason, 'unreachable');
    assert.match(err.rawMessage, /^ssh: .*Permission denied \(publickey\)/);
    assert.equal(err.address, host().address);
  });

  it('no ssh server at the port: "Connection refused" in ssh\'s words', async () => {
    const port = await closedPort();
    const err = await failureOf(clientAt(`ssh://root@127.0.0.1:${port}${host().socketPath}`).getStatus());
    assert.equal(err.reason, 'unreachable');
    assert.match(err.rawMessage, new RegExp(`connect to host 127\\.0\\.0\\.1 port ${port}: Connection refused`));
  });

  it('no socket on the host: dial-stdio says so, naming the path and the fix', async () => {
    const missing = path.join(path.dirname(host().socketPath), 'missing.sock');
    const err = await failureOf(clientAt(`ssh://root@127.0.0.1:${host().sshd.port}${missing}`).getStatus());
    assert.equal(err.reason, 'unreachable');
    assert.match(err.rawMessage, new RegExp(`no socket at ${missing.replace(/[.]/g, '\\.')}: start mobilityd listening there \\(mobilityd --listen unix://`));
  });

  it('no mobilityd on the host: says to install it or set MOBILITY_SSH_REMOTE_COMMAND', async () => {
    const err = await failureOf(clientAt(host().address, { ...host().ssh, remoteCommand: '/nonexistent/mobilityd' }).getStatus());
    assert.equal(err.reason, 'unreachable');
    assert.match(err.rawMessage, /\/nonexistent\/mobilityd was not found on 127\.0\.0\.1 .*install mobilityd there, or set MOBILITY_SSH_REMOTE_COMMAND to its path/);
  });

  it('no ssh program: says to install the OpenSSH client or set MOBILITY_SSH_COMMAND', async () => {
    const err = await failureOf(clientAt(host().address, { ...host().ssh, command: '/nonexistent/ssh' }).getStatus());
    assert.equal(err.reason, 'unreachable');
    assert.match(err.rawMessage, /cannot run \/nonexistent\/ssh: not found \(install the OpenSSH client, or set MOBILITY_SSH_COMMAND/);
  });

  it('TLS options for an ssh:// host are refused before anything is sent', () => {
    assert.throws(
      () => new AgentControlClient(host().address, {}, { tls: true, ssh: host().ssh }),
      (err: ClientError) => err.reason === 'tls' && /reached over SSH.*leave out the TLS options/.test(err.rawMessage),
    );
  });

  it('a token goes over ssh:// (SSH encrypts it): not refused as clear text', async () => {
    const status = await host().client({ token: 'a-token-the-daemon-ignores' }).getStatus();
    assert.ok(status.host?.hostname);
  });
});
