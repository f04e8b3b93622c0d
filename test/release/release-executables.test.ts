/**
 * The single executables of `npm run release` run on a host without Node.js:
 * they print the version of contract/version.ts, and mobilityd serves gRPC
 * health and REST /healthz. Run `npm run build` first (the release is built
 * from dist/).
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { MOBILITYD_VERSION } from '../../contract/version';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS, type ReleaseArtifacts } from '../helpers/release-build';
import { BARE_ENV, NODELESS_PATH, startReleasedMobilityd, stopReleasedMobilityd } from '../helpers/released-mobilityd';
import { grpcHealth } from '../helpers/tls-probe';
import type { SpawnedMobilityd } from '../helpers/spawn-mobilityd';

function run(executable: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(executable, args, { env: BARE_ENV }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('release: the single executables', function () {
  this.timeout(60_000);
  let release: ReleaseArtifacts;
  before(async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    release = await releaseArtifacts();
  });

  it('run where PATH has no node', () => {
    for (const folder of NODELESS_PATH) assert.equal(fs.existsSync(path.join(folder, 'node')), false, `${folder} has no node`);
  });

  it('print the version of contract/version.ts', async () => {
    const daemon = await run(release.mobilityd, ['--version']);
    assert.deepEqual(daemon, { code: 0, stdout: `${MOBILITYD_VERSION}\n`, stderr: '' });
    const cli = await run(release.mobilityctl, ['--version']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout.trim(), `mobilityctl ${MOBILITYD_VERSION}`);
    assert.equal(release.version, MOBILITYD_VERSION);
  });

  it('mobilityctl explains its usage without node', async () => {
    const help = await run(release.mobilityctl, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /mobilityctl/);
    assert.doesNotMatch(help.stderr, /ExperimentalWarning|single executable/i, 'no SEA warning');
  });

  describe('mobilityd', () => {
    let dir: string;
    let daemon: SpawnedMobilityd | undefined;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-release-run-'));
    });
    afterEach(async () => {
      if (daemon) await stopReleasedMobilityd(daemon);
      daemon = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('serves gRPC health and REST /healthz, and stops cleanly on SIGTERM', async () => {
      fs.mkdirSync(path.join(dir, 'root'));
      daemon = await startReleasedMobilityd(release.mobilityd, [
        '--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0', '--root', path.join(dir, 'root'), '--state-dir', path.join(dir, 'state'),
      ]);
      assert.equal(await grpcHealth(daemon.address, credentials.createInsecure()), 'SERVING');
      const rest = /http:\/\/(127\.0\.0\.1:\d+) \(REST\)/.exec(daemon.output());
      assert.ok(rest, `the REST address is printed: ${daemon.output()}`);
      const answer = await fetch(`http://${rest[1]}/healthz`);
      assert.equal(answer.status, 200, await answer.text());
      assert.doesNotMatch(daemon.output(), /ExperimentalWarning|single executable/i, 'no SEA warning');

      await stopReleasedMobilityd(daemon);
      assert.deepEqual(await daemon.exited, { code: 0, signal: null });
      assert.match(daemon.output(), /mobilityd: SIGTERM, shutting down/);
    });
  });
});
