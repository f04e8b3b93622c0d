/**
 * The .rpm: rpmbuild packs the staged files with a spec generated from
 * packaging/rpm/mobility-control.spec.in, the shared maintainer scripts as
 * %post/%preun/%postun, the config as %config(noreplace). rpmbuild runs in a
 * private _topdir, so nothing lands in ~/rpmbuild.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GZIP_LEVEL, MAINTAINER_SCRIPTS, PACKAGING_DIR, TARGET, UNIT_DIRS, packagedFiles } from './release-layout';
import { runTool } from './run-tool';
import { stageTree } from './staged-tree';

async function spec(version: string): Promise<string> {
  const template = await fs.promises.readFile(path.join(PACKAGING_DIR, 'rpm', 'mobility-control.spec.in'), 'utf8');
  const script = async (file: string) => (await fs.promises.readFile(file, 'utf8')).trimEnd();
  // A function replacement: the scripts contain $ signs, which a string replacement would read as patterns.
  const values: Record<string, string> = {
    VERSION: version,
    GZIP_LEVEL: String(GZIP_LEVEL),
    POSTINSTALL: await script(MAINTAINER_SCRIPTS.postinstall),
    PREREMOVE: await script(MAINTAINER_SCRIPTS.preremove),
    POSTREMOVE: await script(MAINTAINER_SCRIPTS.postremove),
  };
  return template.replace(/@([A-Z_]+)@/g, (whole, key: string) => values[key] ?? whole);
}

export async function makeRpm(executablesDir: string, version: string, output: string, workDir: string): Promise<void> {
  const stage = path.join(workDir, 'rpm-tree');
  await stageTree(stage, packagedFiles(executablesDir, UNIT_DIRS.rpm));
  const topdir = path.join(workDir, 'rpmbuild');
  const specFile = path.join(workDir, 'mobility-control.spec');
  await fs.promises.writeFile(specFile, await spec(version));
  await runTool('rpmbuild', [
    '-bb',
    '--nodeps', // no rpm database of build dependencies on a Debian build host
    '--target', TARGET.rpmArch,
    '--define', `_topdir ${topdir}`,
    '--define', `stagedir ${stage}`,
    specFile,
  ]);
  const built = path.join(topdir, 'RPMS', TARGET.rpmArch, path.basename(output));
  await fs.promises.rename(built, output);
}
