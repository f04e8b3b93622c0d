/**
 * The shared maintainer scripts called as rpm calls them (%post 1 on a first
 * install, 2 on an upgrade; %preun/%postun 0 on removal), under a scratch
 * root named by MOBILITYD_ROOT: rpm's own --root would chroot, and the root
 * holds no system to chroot into. The .deb's side runs in deb-install.test.ts.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS } from '../helpers/release-build';

function script(name: string, root: string, arg: string): Promise<{ code: number; output: string }> {
  const file = path.join(REPO_ROOT, 'packaging', 'scripts', `${name}.sh`);
  return new Promise((resolve) =>
    execFile('/bin/sh', [file, arg], { env: { PATH: '/usr/bin:/bin', MOBILITYD_ROOT: root } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
}

describe('release: the maintainer scripts as rpm runs them', function () {
  this.timeout(60_000);
  let dir: string;
  let root: string;
  before(async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    await releaseArtifacts();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-rpm-scripts-'));
    root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true });
    fs.symlinkSync((await releaseArtifacts()).mobilityd, path.join(root, 'usr', 'bin', 'mobilityd'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const at = (hostPath: string) => path.join(root, hostPath);

  it('%post 1 prepares a first install; %post 2 (an upgrade) keeps the certificate and the tokens', async () => {
    const first = await script('postinstall', root, '1');
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /its fingerprint is sha256:[0-9a-f]{64}/);
    for (const made of ['/var/lib/mobilityd', '/var/log/mobilityd', '/etc/mobilityd/tls/mobilityd.crt', '/etc/mobilityd/tokens.json']) assert.ok(fs.existsSync(at(made)), made);
    const certificate = fs.readFileSync(at('/etc/mobilityd/tls/mobilityd.crt'), 'utf8');
    fs.writeFileSync(at('/etc/mobilityd/tokens.json'), '{"version":1,"tokens":[]}\n');

    const upgrade = await script('postinstall', root, '2');
    assert.equal(upgrade.code, 0, upgrade.output);
    assert.equal(upgrade.output, '', 'nothing made, nothing to say');
    assert.equal(fs.readFileSync(at('/etc/mobilityd/tls/mobilityd.crt'), 'utf8'), certificate);
  });

  it('%preun 0 and %postun 0 (rpm -e) leave the state, the certificate and the tokens: rpm has no purge', async () => {
    assert.equal((await script('postinstall', root, '1')).code, 0);
    for (const [name, arg] of [['preremove', '0'], ['postremove', '0'], ['preremove', '1'], ['postremove', '1']]) {
      const run = await script(name, root, arg);
      assert.deepEqual(run, { code: 0, output: '' }, `${name} ${arg}`);
    }
    for (const kept of ['/var/lib/mobilityd', '/var/log/mobilityd', '/etc/mobilityd/tls/mobilityd.key', '/etc/mobilityd/tokens.json']) assert.ok(fs.existsSync(at(kept)), kept);
  });
});
