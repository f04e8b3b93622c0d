/**
 * The .deb installed by dpkg into a scratch root (dpkg-scratch-root.ts): what
 * a first install prepares, that an administrator's token opens the
 * installed daemon over TLS, that an upgrade keeps the admin's files and
 * mobilityd's state, and what --remove and --purge leave.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import { emptyTokenFile } from '../../server/core/access/token-file';
import { makeDpkgRoot, type DpkgRoot } from '../helpers/dpkg-scratch-root';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS, type ReleaseArtifacts } from '../helpers/release-build';
import { startReleasedMobilityd, stopReleasedMobilityd } from '../helpers/released-mobilityd';
import type { SpawnedMobilityd } from '../helpers/spawn-mobilityd';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Runs the installed mobilityd's admin command; stdout is returned, never shown (it may be a token). */
function admin(root: DpkgRoot, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(root.path('/usr/bin/mobilityd'), args, (err, stdout, stderr) => (err ? reject(new Error(`mobilityd ${args[0]} ${args[1]}: ${stderr}`)) : resolve(stdout)));
  });
}

describe('release: the .deb installed with dpkg --root', function () {
  this.timeout(60_000);
  let release: ReleaseArtifacts;
  let root: DpkgRoot;
  let daemon: SpawnedMobilityd | undefined;
  before(async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    release = await releaseArtifacts();
  });
  beforeEach(() => {
    root = makeDpkgRoot();
  });
  afterEach(async () => {
    if (daemon) await stopReleasedMobilityd(daemon);
    daemon = undefined;
    root.remove();
  });

  async function install(): Promise<string> {
    const run = await root.dpkg(['--install', release.deb]);
    assert.equal(run.code, 0, run.output);
    return run.output;
  }

  it('a first install makes the folders, a certificate (its fingerprint printed) and an empty token file', async () => {
    const output = await install();
    assert.deepEqual(
      ['/var/lib/mobilityd', '/var/log/mobilityd', '/etc/mobilityd', '/etc/mobilityd/tls', '/etc/mobilityd/tls/mobilityd.key', '/etc/mobilityd/tokens.json'].map((p) => `${p} ${mode(root.path(p))}`),
      ['/var/lib/mobilityd 700', '/var/log/mobilityd 750', '/etc/mobilityd 755', '/etc/mobilityd/tls 700', '/etc/mobilityd/tls/mobilityd.key 600', '/etc/mobilityd/tokens.json 600'],
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(root.path('/etc/mobilityd/tokens.json'), 'utf8')), emptyTokenFile());
    const fingerprint = (await admin(root, ['tls', 'fingerprint', root.path('/etc/mobilityd/tls/mobilityd.crt')])).trim();
    assert.match(fingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.ok(output.includes(`its fingerprint is ${fingerprint}`), output);
    assert.ok(output.includes(`--tls-fingerprint ${fingerprint}`), 'says how clients pin it');
    assert.match(output, /mobilityd token create --tokens \/etc\/mobilityd\/tokens\.json --name NAME --role operator/);
    assert.deepEqual(fs.readdirSync(root.path('/var/lib/mobilityd')), [], 'no token, no state yet');
  });

  it('with an administrator’s token, the installed mobilityd answers over TLS (and refuses without it)', async () => {
    await install();
    const tokens = root.path('/etc/mobilityd/tokens.json');
    const token = (await admin(root, ['token', 'create', '--tokens', tokens, '--name', 'ops', '--role', 'operator'])).trim();
    const tls = root.path('/etc/mobilityd/tls');
    // The installed config, with every path that would leave the root pointed back into it.
    daemon = await startReleasedMobilityd(root.path('/usr/bin/mobilityd'), [
      '--config', root.path('/etc/mobilityd/config.json'),
      '--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0',
      '--root', root.root, '--state-dir', root.path('/var/lib/mobilityd'),
      '--tls-cert', path.join(tls, 'mobilityd.crt'), '--tls-key', path.join(tls, 'mobilityd.key'), '--auth-tokens', tokens,
    ]);
    const tlsFingerprint = (await admin(root, ['tls', 'fingerprint', path.join(tls, 'mobilityd.crt')])).trim();
    const client = new AgentControlClient(daemon.address, {}, { tlsFingerprint, token });
    const anonymous = new AgentControlClient(daemon.address, {}, { tlsFingerprint });
    try {
      const status = await client.getStatus();
      assert.equal(status.daemon?.version, release.version);
      await assert.rejects(anonymous.getStatus(), /token/i);
    } finally {
      client.close();
      anonymous.close();
    }
  });

  it('an upgrade keeps an edited config, the certificate, the tokens and the state', async () => {
    await install();
    const config = root.path('/etc/mobilityd/config.json');
    const edited = fs.readFileSync(config, 'utf8').replace('"0.0.0.0:50051"', '"10.0.0.4:50051"');
    fs.writeFileSync(config, edited);
    await admin(root, ['token', 'create', '--tokens', root.path('/etc/mobilityd/tokens.json'), '--name', 'ops', '--role', 'viewer']);
    fs.writeFileSync(root.path('/var/lib/mobilityd/state-marker'), 'jobs and packages live here');
    const kept = ['/etc/mobilityd/tls/mobilityd.crt', '/etc/mobilityd/tls/mobilityd.key', '/etc/mobilityd/tokens.json', '/var/lib/mobilityd/state-marker'];
    const before = kept.map((p) => fs.readFileSync(root.path(p), 'utf8'));

    const output = await install(); // the same version again: dpkg runs the upgrade path (prerm upgrade, postinst configure OLD)
    assert.doesNotMatch(output, /made a self-signed TLS certificate|no tokens yet/, 'nothing is made again');
    assert.equal(fs.readFileSync(config, 'utf8'), edited, 'the admin’s config is kept');
    assert.deepEqual(kept.map((p) => fs.readFileSync(root.path(p), 'utf8')), before);
    assert.deepEqual(fs.readdirSync(root.path('/etc/mobilityd')).sort(), ['config.json', 'tls', 'tokens.json'], 'no .dpkg-dist or .dpkg-new left');
  });

  it('--remove leaves the admin’s files and the state; --purge removes them', async () => {
    await install();
    fs.writeFileSync(root.path('/var/lib/mobilityd/state-marker'), 'state');
    const removed = await root.dpkg(['--remove', 'mobility-control']);
    assert.equal(removed.code, 0, removed.output);
    for (const gone of ['/usr/bin/mobilityd', '/usr/bin/mobilityctl', '/lib/systemd/system/mobilityd.service']) assert.equal(fs.existsSync(root.path(gone)), false, gone);
    for (const kept of ['/etc/mobilityd/config.json', '/etc/mobilityd/tls/mobilityd.key', '/etc/mobilityd/tokens.json', '/var/lib/mobilityd/state-marker', '/var/log/mobilityd']) {
      assert.ok(fs.existsSync(root.path(kept)), `${kept} is kept`);
    }

    const purged = await root.dpkg(['--purge', 'mobility-control']);
    assert.equal(purged.code, 0, purged.output);
    for (const gone of ['/etc/mobilityd', '/var/lib/mobilityd', '/var/log/mobilityd']) assert.equal(fs.existsSync(root.path(gone)), false, `${gone} is purged`);
  });
});
