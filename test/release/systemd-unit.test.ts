/**
 * packaging/systemd/mobilityd.service passes `systemd-analyze verify` (which
 * also checks that ExecStart's program exists and is executable: the copy
 * verified names the released executable instead of /usr/bin/mobilityd;
 * `--root DIR` was no way out, as it wants a whole system's units), and keeps
 * the settings mobilityd's shutdown and the agent's installer depend on.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/repo-root';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS } from '../helpers/release-build';

const UNIT = fs.readFileSync(path.join(REPO_ROOT, 'packaging', 'systemd', 'mobilityd.service'), 'utf8');

/** The unit's settings as key → values, comments left out. */
function settings(unit: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) found.set(match[1], [...(found.get(match[1]) ?? []), match[2]]);
  }
  return found;
}

describe('release: the systemd unit', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-unit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes systemd-analyze verify without a warning', async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    const { mobilityd } = await releaseArtifacts();
    assert.ok(UNIT.includes('ExecStart=/usr/bin/mobilityd '));
    const unit = path.join(dir, 'mobilityd.service');
    fs.writeFileSync(unit, UNIT.replace('ExecStart=/usr/bin/mobilityd ', `ExecStart=${mobilityd} `));
    const result = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile('systemd-analyze', ['verify', unit], (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, output: stdout + stderr })),
    );
    assert.deepEqual(result, { code: 0, output: '' });
  });

  it('lets mobilityd end its jobs on stop, and leaves the installer what it needs', () => {
    const unit = settings(UNIT);
    const one = (key: string) => unit.get(key)?.join(' ');
    assert.equal(one('ExecStart'), '/usr/bin/mobilityd --config /etc/mobilityd/config.json');
    assert.equal(one('Type'), 'simple');
    assert.equal(one('KillSignal'), 'SIGTERM');
    assert.equal(one('KillMode'), 'mixed', 'SIGTERM to mobilityd alone: it stops its installer and records INTERRUPTED');
    assert.equal(one('TimeoutStopSec'), '30s', 'past mobilityd’s own 10 s wait for jobs and 5 s SIGKILL grace');
    assert.equal(one('RuntimeDirectory'), 'mobilityd', '/run/mobilityd for the socket of the default config');
    for (const off of ['ProtectSystem', 'ProtectKernelModules', 'PrivateDevices', 'NoNewPrivileges', 'MemoryDenyWriteExecute', 'User', 'CapabilityBoundingSet']) {
      assert.equal(unit.has(off), false, `${off} would stop the agent's installer or Node`);
    }
  });
});
