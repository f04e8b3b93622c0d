/**
 * The SAMPLE installer packages as generated: their names and archive layout, deterministic
 * bytes, other OS tags and versions, and copies into a repository folder.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SAMPLE_VERSIONS, makeSamplePackages, samplePackageName } from '../../scripts/sample-packages/make-sample-packages';
import { useSampleRuns } from '../helpers/sample-installer-runs';
import { copySamplePackages, samplePackage, samplePackagesDir } from '../helpers/sample-packages';

describe('sample installer packages', function () {
  const { temp, extract } = useSampleRuns();

  describe('generation', () => {
    it('names the packages like the real ones and puts the five files at the archive root', async () => {
      const dir = await samplePackagesDir();
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        'Microsoft-ASR_UA_9.22.0.0_UBUNTU-20.04-64_GA_15Jan2019_release.tar.gz',
        'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz',
        'Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_10Nov2020_release.tar.gz',
      ]);
      const pkg = await samplePackage('9.30.0.0');
      const listing = spawnSync('tar', ['-tvzf', pkg.path], { encoding: 'utf8' });
      assert.equal(listing.status, 0, listing.stderr);
      const lines = listing.stdout.trim().split('\n');
      assert.deepEqual(lines.map((l) => l.split(/\s+/).pop()), ['SAMPLE-README.txt', 'UnifiedAgentConfigurator.sh', 'VERSION', 'install', 'uninstall.sh']);
      for (const line of lines) {
        assert.match(line, /^-rw[x-]r-[x-]r-[x-] 0\/0 .* 2019-10-22 00:00 /, line);
      }
      const dir2 = await extract('9.30.0.0');
      assert.match(fs.readFileSync(path.join(dir2, 'install'), 'utf8'), /SAMPLE — THIS IS NOT THE MICROSOFT INSTALLER/);
      assert.match(fs.readFileSync(path.join(dir2, 'UnifiedAgentConfigurator.sh'), 'utf8'), /SAMPLE — THIS IS NOT THE MICROSOFT CONFIGURATOR/);
      assert.match(fs.readFileSync(path.join(dir2, 'VERSION'), 'utf8'), /^VERSION=9\.30\.0\.0$/m);
      assert.match(fs.readFileSync(path.join(dir2, 'SAMPLE-README.txt'), 'utf8'), /^SAMPLE PACKAGE - NOT THE MICROSOFT/);
      assert.doesNotMatch(fs.readFileSync(path.join(dir2, 'install'), 'utf8'), /@SAMPLE_[A-Z_]+@/);
    });

    it('is deterministic: regenerated packages have the same sha256', async () => {
      const a = await makeSamplePackages({ outDir: path.join(temp(), 'a') });
      const b = await makeSamplePackages({ outDir: path.join(temp(), 'b') });
      assert.equal(a.length, DEFAULT_SAMPLE_VERSIONS.length);
      assert.deepEqual(
        a.map((p) => [p.name, p.sha256, p.sizeBytes]),
        b.map((p) => [p.name, p.sha256, p.sizeBytes]),
      );
      for (const p of b) {
        assert.equal(createHash('sha256').update(fs.readFileSync(p.path)).digest('hex'), p.sha256);
      }
      const shared = await samplePackage('9.40.0.0');
      assert.equal(a.find((p) => p.version === '9.40.0.0')!.sha256, shared.sha256);
    });

    it('builds other OS tags and versions, and refuses Windows and malformed input', async () => {
      const [pkg] = await makeSamplePackages({ outDir: temp(), osTag: 'RHEL7-64', versions: [{ version: '9.45.0.0', date: '03Sep2021' }] });
      assert.equal(pkg.name, samplePackageName('9.45.0.0', 'RHEL7-64', '03Sep2021'));
      assert.ok(fs.existsSync(path.join(temp(), 'Microsoft-ASR_UA_9.45.0.0_RHEL7-64_GA_03Sep2021_release.tar.gz')));
      await assert.rejects(makeSamplePackages({ outDir: temp(), osTag: 'Windows' }), /not a Linux installer OS tag/);
      await assert.rejects(makeSamplePackages({ outDir: temp(), versions: ['9.30'] }), /not an agent version/);
      await assert.rejects(makeSamplePackages({ outDir: temp(), versions: [{ version: '9.30.0.0', date: '31Feb2019' }] }), /not a package date/);
    });

    it('copySamplePackages fills a repository with byte-identical copies', async () => {
      const repo = path.join(temp(), 'repository');
      const copies = await copySamplePackages(repo, ['9.30.0.0']);
      assert.deepEqual(copies.map((c) => path.basename(c)), [(await samplePackage('9.30.0.0')).name]);
      assert.deepEqual(fs.readFileSync(copies[0]), fs.readFileSync((await samplePackage('9.30.0.0')).path));
    });
  });
});
