/**
 * Finding 5b for people: `mobilityctl packages rm NAME` removes a package from
 * a host's repository, with the usual --json, --host and exit codes. The real
 * bundled CLI (dist/mobilityctl.cjs; run `npm run build` first) as a child
 * process against a real mobilityd holding the sample packages.
 */
import * as assert from 'node:assert/strict';
import { formatBytes } from '../../client/format/format-values';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertNoStackTrace, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { closedPort } from '../helpers/closed-port';
import { copySamplePackages, samplePackage } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

describe('finding 5b: mobilityctl packages rm NAME', function () {
  requireBuiltCli();
  const daemon = useTestDaemon();
  beforeEach(async () => {
    await copySamplePackages(daemon().daemon.packages.dir);
  });

  const present = (name: string) => fs.existsSync(path.join(daemon().daemon.packages.dir, name));

  it('finding 5: removes the package, says what it removed and exits 0', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const r = await runCli(['packages', 'rm', pkg.name, '--host', daemon().address]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `Removed ${pkg.name} (9.30.0.0, UBUNTU-20.04-64, ${formatBytes(pkg.sizeBytes)}, sha256 ${pkg.sha256.slice(0, 12)}) from ${daemon().address}\n`);
    assert.ok(!present(pkg.name));
  });

  it('finding 5: --json prints the DeletePackageResponse', async () => {
    const pkg = await samplePackage('9.40.0.0');
    const r = await runCli(['packages', 'rm', pkg.name, '--host', daemon().address, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const response = JSON.parse(r.stdout);
    assert.equal(response.package.name, pkg.name);
    assert.equal(response.package.sha256, pkg.sha256);
    assert.equal(response.package.sizeBytes, String(pkg.sizeBytes));
  });

  it('finding 5: an unknown package exits 1 with mobilityd\'s message, prefixed with the host', async () => {
    const missing = 'Microsoft-ASR_UA_9.99.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz';
    const r = await runCli(['packages', 'rm', missing, '--host', daemon().address]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^mobilityctl: ${daemon().address.replace(/\./g, '\\.')}: there is no package named ".*9\\.99\\.0\\.0.*" in the repository .*; nothing was removed`));
    assert.equal(r.stdout, '');
    assertNoStackTrace(r);
  });

  it('finding 5: usage errors exit 2 before anything is sent: no name, two names, a name that is no package name, --hosts', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const cases: Array<[string[], RegExp]> = [
      [['packages', 'rm'], /name the package to remove, e\.g\. `mobilityctl packages rm NAME` \(`mobilityctl packages` lists them\)/],
      [['packages', 'rm', pkg.name, pkg.name], /packages rm takes one package name, but got: /],
      [['packages', 'rm', '../etc/passwd'], /package name "\.\.\/etc\/passwd" is not an installer file name/],
      [['packages', 'rm', pkg.name, '--hosts', `${daemon().address},127.0.0.1:1`], /packages rm removes a package from one host at a time: use --host, not --hosts/],
      [['packages', 'nope'], /packages takes no arguments except `rm NAME` \(remove a package\), but got: nope/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--host', daemon().address]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Run `mobilityctl packages --help` for usage\./);
      assertNoStackTrace(r);
    }
    assert.ok(present(pkg.name), 'nothing was removed');
  });

  it('finding 5: a host that cannot be reached exits 3', async () => {
    const r = await runCli(['packages', 'rm', (await samplePackage('9.30.0.0')).name, '--host', `127.0.0.1:${await closedPort()}`]);
    assert.equal(r.code, 3, r.stderr);
  });

  it('finding 5: packages --help documents rm, what refuses it, and --json', async () => {
    const r = await runCli(['packages', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: mobilityctl packages \[--host ADDR \| --hosts A,B,\.\.\. \| --inventory FILE \[--limit P\]\]\n {28}\[--parallel N\] \[--json\] \[--timeout MS\]\n {7}mobilityctl packages rm NAME \[--host ADDR\] \[--json\] \[--timeout MS\]\n/);
    assert.match(r.stdout, /queued or running install job uses it/);
    assert.match(r.stdout, /DeletePackageResponse/);
    assert.match(r.stdout, /mobilityctl packages rm Microsoft-ASR_UA_9\.30\.0\.0_UBUNTU-20\.04-64_GA_22Oct2019_release\.tar\.gz/);
  });
});
