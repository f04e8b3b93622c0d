/**
 * The .deb: the staged files, DEBIAN/control from packaging/deb/control.in,
 * DEBIAN/conffiles (the config is an admin's file: upgrades never overwrite
 * an edited one) and the shared maintainer scripts as postinst/prerm/postrm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GZIP_LEVEL, MAINTAINER_SCRIPTS, PACKAGING_DIR, UNIT_DIRS, packagedFiles } from './release-layout';
import { runTool } from './run-tool';
import { sizeKiB, stageTree } from './staged-tree';

const DEB_SCRIPTS = { postinst: MAINTAINER_SCRIPTS.postinstall, prerm: MAINTAINER_SCRIPTS.preremove, postrm: MAINTAINER_SCRIPTS.postremove };

export async function makeDeb(executablesDir: string, version: string, output: string, workDir: string): Promise<void> {
  const files = packagedFiles(executablesDir, UNIT_DIRS.deb);
  const tree = path.join(workDir, 'deb-tree');
  await stageTree(tree, files);
  const control = path.join(tree, 'DEBIAN');
  await fs.promises.mkdir(control, { mode: 0o755 });
  const template = await fs.promises.readFile(path.join(PACKAGING_DIR, 'deb', 'control.in'), 'utf8');
  await fs.promises.writeFile(
    path.join(control, 'control'),
    template.replace('@VERSION@', version).replace('@INSTALLED_SIZE_KIB@', String(await sizeKiB(files))),
  );
  await fs.promises.copyFile(path.join(PACKAGING_DIR, 'deb', 'conffiles'), path.join(control, 'conffiles'));
  for (const [name, source] of Object.entries(DEB_SCRIPTS)) {
    await fs.promises.copyFile(source, path.join(control, name));
    await fs.promises.chmod(path.join(control, name), 0o755);
  }
  // gzip: every dpkg reads it (xz or zstd would be smaller, and slower or newer).
  await runTool('dpkg-deb', ['--root-owner-group', '-Zgzip', `-z${GZIP_LEVEL}`, '--build', tree, output]);
}
