/**
 * What a release is made of: the version (contract/version.ts, the one
 * `mobilityd --version` prints), the artifact names, and where each packaged
 * file comes from and goes on the host.
 */
import * as path from 'node:path';
import { MOBILITYD_VERSION } from '../../contract/version';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const PACKAGING_DIR = path.join(REPO_ROOT, 'packaging');
export const PACKAGE_NAME = 'mobility-control';

export const RELEASE_VERSION = MOBILITYD_VERSION;

/** The one platform released so far; names use each format's spelling of it. */
export const TARGET = { platform: 'linux-x64', debArch: 'amd64', rpmArch: 'x86_64' } as const;

/**
 * gzip level of the archive and both packages. 1 rather than 6: the payload is
 * two 100 MB executables; level 6 makes them ~10% smaller for ~2.5 times the
 * CPU, and the release build runs in CI on 2 cores.
 */
export const GZIP_LEVEL = 1;

export const EXECUTABLES = ['mobilityd', 'mobilityctl'] as const;
export type ExecutableName = (typeof EXECUTABLES)[number];

/** The esbuild bundle (npm run build) each executable is made from. */
export function bundleOf(name: ExecutableName): string {
  return path.join(REPO_ROOT, 'dist', `${name}.cjs`);
}

export function artifactNames(version = RELEASE_VERSION) {
  return {
    tarball: `${PACKAGE_NAME}-${version}-${TARGET.platform}.tar.gz`,
    deb: `${PACKAGE_NAME}_${version}_${TARGET.debArch}.deb`,
    rpm: `${PACKAGE_NAME}-${version}-1.${TARGET.rpmArch}.rpm`,
    sums: 'SHA256SUMS',
  };
}

export const UNIT_FILE = path.join(PACKAGING_DIR, 'systemd', 'mobilityd.service');
export const DEFAULT_CONFIG = path.join(PACKAGING_DIR, 'config', 'config.json');
export const CONFFILE = '/etc/mobilityd/config.json';

/** Debian still ships units in /lib; Red Hat family in /usr/lib. */
export const UNIT_DIRS = { deb: '/lib/systemd/system', rpm: '/usr/lib/systemd/system' } as const;

/** A file a package installs: its source, its host path and its mode. */
export interface PackagedFile {
  source: string;
  target: string;
  mode: number;
}

/** The files both packages install, given the folder holding the executables and the unit folder. */
export function packagedFiles(executablesDir: string, unitDir: string): PackagedFile[] {
  return [
    ...EXECUTABLES.map((name) => ({ source: path.join(executablesDir, name), target: `/usr/bin/${name}`, mode: 0o755 })),
    { source: UNIT_FILE, target: `${unitDir}/mobilityd.service`, mode: 0o644 },
    { source: DEFAULT_CONFIG, target: CONFFILE, mode: 0o644 },
  ];
}

/** The maintainer scripts, shared by the .deb and the .rpm (each takes both formats' arguments). */
export const MAINTAINER_SCRIPTS = {
  postinstall: path.join(PACKAGING_DIR, 'scripts', 'postinstall.sh'),
  preremove: path.join(PACKAGING_DIR, 'scripts', 'preremove.sh'),
  postremove: path.join(PACKAGING_DIR, 'scripts', 'postremove.sh'),
} as const;
