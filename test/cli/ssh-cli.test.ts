/**
 * mobilityctl --host ssh://... and ssh:// hosts in --hosts: the built CLI, a
 * real sshd on 127.0.0.1 and a real mobilityd on a Unix socket; ssh options
 * and the remote mobilityd come from MOBILITY_SSH_OPTS and
 * MOBILITY_SSH_REMOTE_COMMAND, as a user would set them.
 */
import * as assert from 'node:assert/strict';
import { cliEnv, jsonOf, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { startSshMobilityd } from '../helpers/ssh-mobilityd';
import { useStarted } from '../helpers/use-started';

const escape = (text: string) => text.replace(/[.[\]]/g, '\\$&');

describe('mobilityctl over ssh:// (built CLI, real sshd, real mobilityd)', function () {
  this.timeout(60_000);
  requireBuiltCli();
  const host = useStarted('mobilityd over ssh', startSshMobilityd, { shared: true });
  const env = (extra: NodeJS.ProcessEnv = {}) => cliEnv({ ...host().env(), ...extra });

  it('status --host ssh://... prints the daemon, listening on its socket', async () => {
    const r = await runCli(['status', '--host', host().address], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`listening on\\s+unix://${escape(host().socketPath)}`));
  });

  it('--hosts takes an ssh:// host next to a unix:///PATH one', async () => {
    const unix = `unix://${host().socketPath}`;
    const r = await runCli(['health', '--json', '--hosts', `${host().address},${unix}`], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      jsonOf<Array<{ host: string; ok: boolean }>>(r).map((item) => [item.host, item.ok]),
      [[host().address, true], [unix, true]],
    );
  });

  it("a key the host does not take: exit 3, ssh's own words, no hint to start mobilityd", async () => {
    const opts = host().sshd.sshClientArgs().map((arg) => (arg === host().sshd.clientKey ? `${host().sshd.dir}/hostkey` : arg));
    const r = await runCli(['health', '--host', host().address], { env: env({ MOBILITY_SSH_OPTS: opts.join(' ') }) });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`^mobilityctl: cannot reach mobilityd at ${escape(host().address)}: ssh: .*Permission denied \\(publickey\\)\\.?\\n$`));
  });

  it('an ssh:// address that could inject an ssh option is a usage error (exit 2)', async () => {
    const r = await runCli(['health', '--host', 'ssh://-oProxyCommand=touch@web-01'], { env: env() });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--host: host address "ssh:\/\/-oProxyCommand=touch@web-01": "-oProxyCommand=touch" is not a user name/);
  });

  it('TLS flags with an ssh:// host are a usage error: SSH already encrypts', async () => {
    const r = await runCli(['health', '--tls', '--host', host().address], { env: env() });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is reached over SSH, .*leave out the TLS options/);
  });
});
