/**
 * Finding 16 (second half): bin/mobilityctl and bin/mobilityd before the first
 * build. They load dist/*.cjs; without it they say to build, never print a
 * Node stack trace. The real bin scripts run from a copy of bin/ whose dist/
 * does not exist, so the checkout's own build is left alone.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertNoStackTrace, cliEnv } from '../helpers/cli-runner';
import { REPO_ROOT } from '../helpers/repo-root';

const BIN = path.join(REPO_ROOT, 'bin');

describe('finding 16: mobilityctl and mobilityd before the first build', function () {
  let checkout: string;

  before(() => {
    checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-unbuilt-'));
    fs.cpSync(BIN, path.join(checkout, 'bin'), { recursive: true });
  });
  after(() => fs.rmSync(checkout, { recursive: true, force: true }));

  for (const program of ['mobilityctl', 'mobilityd']) {
    it(`finding 16: ${program} says it is not built yet and to run npm run build, exit 2, no stack trace`, () => {
      const r = spawnSync(process.execPath, [path.join(checkout, 'bin', program), '--version'], { encoding: 'utf8', env: cliEnv() });
      const result = { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `${program} is not built yet (${path.join(checkout, 'dist', `${program}.cjs`)} is missing): run \`npm run build\` in ${checkout} first\n`,
      );
      assertNoStackTrace(result);
    });
  }

  it('finding 16: the checkout\'s built bin/mobilityctl still runs', () => {
    const r = spawnSync(process.execPath, [path.join(BIN, 'mobilityctl'), '--version'], { encoding: 'utf8', env: cliEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^mobilityctl \d+\.\d+\.\d+\n$/);
  });
});
