/**
 * mobilityctl packages and push end to end: the real bundled CLI
 * (dist/mobilityctl.cjs) as a child process against real mobilityd daemons in
 * this process running the SAMPLE installer packages.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertNoStackTrace, jsonOf, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { useJobDaemon } from '../helpers/job-daemon';
import { samplePackage, SAMPLE_VERSIONS } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

const NEWEST = SAMPLE_VERSIONS[SAMPLE_VERSIONS.length - 1];

describe('mobilityctl packages and jobs (built CLI against real mobilityd daemons)', function () {
  requireBuiltCli();

  describe('packages', () => {
    const daemon = useJobDaemon({ shared: true });

    it('lists the sample packages, the one install would use, and the repository', async () => {
      const r = await runCli(['packages', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const lines = r.stdout.split('\n');
      assert.match(lines[0], /^NAME\s+VERSION\s+OS\s+DATE\s+SIZE\s+SHA256\s+MATCHES HOST$/);
      for (const version of SAMPLE_VERSIONS) {
        const pkg = await samplePackage(version);
        const row = lines.find((line) => line.startsWith(`${pkg.name} `));
        assert.ok(row, `no row for ${pkg.name}:\n${r.stdout}`);
        assert.match(row, new RegExp(`\\s${version.replace(/\./g, '\\.')}\\s+UBUNTU-20\\.04-64\\s+\\S+\\s+[\\d.]+ \\S+\\s+${pkg.sha256.slice(0, 12)}\\s+yes$`));
      }
      // Newest version first.
      assert.ok(lines[1].includes(NEWEST), r.stdout);
      const newest = await samplePackage(NEWEST);
      assert.ok(r.stdout.includes(`\`mobilityctl install\` without --package would use: ${newest.name}\n`), r.stdout);
      assert.ok(r.stdout.includes(`Repository: ${daemon().daemon.packages.dir}\n`), r.stdout);
    });

    it('--json prints the ListPackagesResponse', async () => {
      const r = await runCli(['packages', '--host', daemon().address, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const listing = jsonOf(r);
      assert.equal(listing.packages.length, SAMPLE_VERSIONS.length);
      assert.equal(listing.selectedPackage, (await samplePackage(NEWEST)).name);
      assert.equal(listing.repositoryPath, daemon().daemon.packages.dir);
      assert.equal(listing.packages[0].matchesHost, true);
    });
  });

  describe('push', () => {
    const daemon = useTestDaemon({ shared: true }); // an empty repository

    it('uploads a package the host lacks, reports it already present the second time, then installs from it', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const empty = await runCli(['packages', '--host', daemon().address]);
      assert.equal(empty.code, 0, empty.stderr);
      assert.match(empty.stdout, /^No installer packages in the repository of /);
      assert.match(empty.stdout, /nothing to use/);

      const first = await runCli(['push', pkg.path, '--host', daemon().address]);
      assert.equal(first.code, 0, first.stderr);
      assert.ok(first.stdout.startsWith(`Stored ${pkg.name} on ${daemon().address}`), first.stdout);
      assert.ok(first.stdout.includes(`sha256 ${pkg.sha256.slice(0, 12)}`), first.stdout);
      assert.equal(first.stderr, '', 'no progress line when stderr is not a terminal');
      assert.equal(fs.readFileSync(path.join(daemon().daemon.packages.dir, pkg.name)).equals(fs.readFileSync(pkg.path)), true);

      const again = await runCli(['push', pkg.path, '--host', daemon().address, '--json']);
      assert.equal(again.code, 0, again.stderr);
      const response = jsonOf(again);
      assert.equal(response.alreadyPresent, true);
      assert.equal(response.package.sha256, pkg.sha256);

      const install = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--package', pkg.name, '--host', daemon().address]);
      assert.equal(install.code, 0, install.stderr + install.stdout);
      assert.match(install.stdout, /succeeded/);
      assert.match(install.stdout, /agent version: 9\.30\.0\.0\n/);
    });

    it('refuses a file whose name is not an installer name before sending anything (exit 2)', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const renamed = path.join(daemon().sandbox.dir, 'agent.tar.gz');
      fs.copyFileSync(pkg.path, renamed);
      const r = await runCli(['push', renamed, '--host', daemon().address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mobilityctl: package name "agent\.tar\.gz" is not an installer file name: .*Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release/);
      assert.match(r.stderr, /Run `mobilityctl push --help` for usage\./);
      assert.equal(r.stdout, '');
      assertNoStackTrace(r);
    });

    it('a missing file is a usage error (exit 2)', async () => {
      const r = await runCli(['push', path.join(daemon().sandbox.dir, (await samplePackage('9.30.0.0')).name), '--host', daemon().address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read .*: no such file/);
    });
  });
});
