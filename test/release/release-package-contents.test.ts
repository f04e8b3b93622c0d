/**
 * What the archive and the packages of `npm run release` hold: exactly the
 * intended files with their modes, the config marked as the admin's file
 * (conffile, %config(noreplace)), the shared maintainer scripts, executables
 * byte-for-byte the released ones (not stripped: stripping cuts a single
 * executable's program off), and a SHA256SUMS that sha256sum -c accepts.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { REPO_ROOT } from '../helpers/repo-root';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS, type ReleaseArtifacts } from '../helpers/release-build';

function toolOutput(command: string, args: string[], cwd?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command} ${args.join(' ')}: ${stderr.toString() || err.message}`)) : resolve(stdout),
    );
  });
}
const tool = async (command: string, args: string[], cwd?: string) => (await toolOutput(command, args, cwd)).toString('utf8');

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const shared = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'packaging', 'scripts', name), 'utf8');

describe('release: the archive and the packages', function () {
  this.timeout(60_000);
  let release: ReleaseArtifacts;
  before(async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    release = await releaseArtifacts();
  });

  describe('the .deb', () => {
    it('installs exactly the executables, the unit and the config, owned by root', async () => {
      const listing = (await tool('dpkg-deb', ['--contents', release.deb])).trim().split('\n');
      const entries = listing.map((line) => {
        const fields = line.split(/\s+/);
        return `${fields[0]} ${fields[1]} ${fields[5]}`;
      });
      assert.deepEqual(entries, [
        'drwxr-xr-x root/root ./',
        'drwxr-xr-x root/root ./etc/',
        'drwxr-xr-x root/root ./etc/mobilityd/',
        '-rw-r--r-- root/root ./etc/mobilityd/config.json',
        'drwxr-xr-x root/root ./lib/',
        'drwxr-xr-x root/root ./lib/systemd/',
        'drwxr-xr-x root/root ./lib/systemd/system/',
        '-rw-r--r-- root/root ./lib/systemd/system/mobilityd.service',
        'drwxr-xr-x root/root ./usr/',
        'drwxr-xr-x root/root ./usr/bin/',
        '-rwxr-xr-x root/root ./usr/bin/mobilityctl',
        '-rwxr-xr-x root/root ./usr/bin/mobilityd',
      ]);
    });

    it('is named, versioned and marks /etc/mobilityd/config.json as a conffile', async () => {
      assert.equal(path.basename(release.deb), `mobility-control_${release.version}_amd64.deb`);
      const fields = await tool('dpkg-deb', ['--field', release.deb, 'Package', 'Version', 'Architecture']);
      assert.equal(fields, `Package: mobility-control\nVersion: ${release.version}\nArchitecture: amd64\n`);
      assert.equal(await tool('dpkg-deb', ['--info', release.deb, 'conffiles']), '/etc/mobilityd/config.json\n');
    });

    it('runs the shared maintainer scripts', async () => {
      assert.equal(await tool('dpkg-deb', ['--info', release.deb, 'postinst']), shared('postinstall.sh'));
      assert.equal(await tool('dpkg-deb', ['--info', release.deb, 'prerm']), shared('preremove.sh'));
      assert.equal(await tool('dpkg-deb', ['--info', release.deb, 'postrm']), shared('postremove.sh'));
    });

    it('holds the released executables unchanged', async () => {
      const tarfile = await toolOutput('dpkg-deb', ['--fsys-tarfile', release.deb]);
      const inside = new Map<string, string>();
      await new Promise<void>((resolve, reject) => {
        const parser = new tar.Parser({
          filter: (entry) => entry.startsWith('./usr/bin/') && !entry.endsWith('/'),
          onReadEntry: (entry) => {
            const hash = createHash('sha256');
            entry.on('data', (chunk: Buffer) => hash.update(chunk));
            entry.on('end', () => inside.set(entry.path, hash.digest('hex')));
          },
        });
        parser.on('end', resolve).on('error', reject);
        parser.end(tarfile);
      });
      assert.deepEqual(Object.fromEntries(inside), {
        './usr/bin/mobilityctl': sha256(fs.readFileSync(release.mobilityctl)),
        './usr/bin/mobilityd': sha256(fs.readFileSync(release.mobilityd)),
      });
    });
  });

  describe('the .rpm', () => {
    it('installs exactly the executables, the unit and the config, unstripped, config(noreplace)', async () => {
      assert.equal(path.basename(release.rpm), `mobility-control-${release.version}-1.x86_64.rpm`);
      const dump = (await tool('rpm', ['-qp', '--dump', release.rpm])).trim().split('\n');
      const entries = dump.map((line) => {
        const [file, , , digest, mode, owner, group, isConfig] = line.split(' ');
        return { file, digest, mode, owner: `${owner}:${group}`, isConfig };
      });
      const zero = '0'.repeat(64);
      assert.deepEqual(entries, [
        { file: '/etc/mobilityd', digest: zero, mode: '040755', owner: 'root:root', isConfig: '0' },
        { file: '/etc/mobilityd/config.json', digest: sha256(fs.readFileSync(path.join(REPO_ROOT, 'packaging/config/config.json'))), mode: '0100644', owner: 'root:root', isConfig: '1' },
        { file: '/usr/bin/mobilityctl', digest: sha256(fs.readFileSync(release.mobilityctl)), mode: '0100755', owner: 'root:root', isConfig: '0' },
        { file: '/usr/bin/mobilityd', digest: sha256(fs.readFileSync(release.mobilityd)), mode: '0100755', owner: 'root:root', isConfig: '0' },
        { file: '/usr/lib/systemd/system/mobilityd.service', digest: sha256(fs.readFileSync(path.join(REPO_ROOT, 'packaging/systemd/mobilityd.service'))), mode: '0100644', owner: 'root:root', isConfig: '0' },
      ]);
      assert.equal(await tool('rpm', ['-qcp', release.rpm]), '/etc/mobilityd/config.json\n');
      assert.equal(await tool('rpm', ['-qp', '--qf', '%{NAME} %{VERSION} %{RELEASE} %{ARCH}', release.rpm]), `mobility-control ${release.version} 1 x86_64`);
    });

    it('runs the shared maintainer scripts as %post, %preun and %postun', async () => {
      const scripts = await tool('rpm', ['-qp', '--scripts', release.rpm]);
      const expected =
        `postinstall scriptlet (using /bin/sh):\n${shared('postinstall.sh').trimEnd()}\n` +
        `preuninstall scriptlet (using /bin/sh):\n${shared('preremove.sh').trimEnd()}\n` +
        `postuninstall scriptlet (using /bin/sh):\n${shared('postremove.sh').trimEnd()}\n`;
      assert.equal(scripts, expected);
    });
  });

  it('the archive holds the executables, the unit and the default config in one folder', async () => {
    assert.equal(path.basename(release.tarball), `mobility-control-${release.version}-linux-x64.tar.gz`);
    const entries: string[] = [];
    await tar.list({ file: release.tarball, onReadEntry: (entry) => entries.push(`${entry.path} ${(entry.mode ?? 0).toString(8)}`) });
    const folder = `mobility-control-${release.version}-linux-x64`;
    assert.deepEqual(entries.sort(), [`${folder}/ 755`, `${folder}/config.json 644`, `${folder}/mobilityctl 755`, `${folder}/mobilityd 755`, `${folder}/mobilityd.service 644`]);
  });

  it('SHA256SUMS lists every artifact and sha256sum -c accepts it', async () => {
    const names = fs.readFileSync(release.sums, 'utf8').trim().split('\n').map((line) => line.split('  ')[1]);
    assert.deepEqual(names, [path.basename(release.rpm), path.basename(release.tarball), path.basename(release.deb), 'mobilityctl', 'mobilityd']);
    const check = await tool('sha256sum', ['--check', '--strict', 'SHA256SUMS'], release.dir);
    assert.equal(check, names.map((name) => `${name}: OK\n`).join(''));
  });
});
