/**
 * One release build (scripts/release/build-release.ts, as `npm run release`
 * runs it) shared by every test of the process: it takes tens of seconds, so
 * the first caller starts it and the others await the same promise. It builds
 * from the bundles in dist/ (`npm run build` first) into a temporary folder,
 * removed when the process exits.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MOBILITYD_VERSION } from '../../contract/version';
import { REPO_ROOT } from './repo-root';

export interface ReleaseArtifacts {
  /** The folder holding them all. */
  dir: string;
  version: string;
  /** Absolute paths of the single executables, the archive, the packages and SHA256SUMS. */
  mobilityd: string;
  mobilityctl: string;
  tarball: string;
  deb: string;
  rpm: string;
  sums: string;
}

/** Generous: on 2 busy cores the build has taken over a minute. */
export const RELEASE_BUILD_TIMEOUT_MS = 10 * 60_000;

let building: Promise<ReleaseArtifacts> | undefined;

export function releaseArtifacts(): Promise<ReleaseArtifacts> {
  building ??= build();
  return building;
}

async function build(): Promise<ReleaseArtifacts> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-release-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const script = path.join(REPO_ROOT, 'scripts', 'release', 'build-release.ts');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, '--out', dir], { cwd: REPO_ROOT, timeout: RELEASE_BUILD_TIMEOUT_MS }, (err, stdout, stderr) =>
      err ? reject(new Error(`the release build failed (npm run build first?): ${stderr.trim() || err.message}\n${stdout}`)) : resolve(),
    );
  });
  const version = MOBILITYD_VERSION;
  const at = (name: string) => path.join(dir, name);
  return {
    dir,
    version,
    mobilityd: at('mobilityd'),
    mobilityctl: at('mobilityctl'),
    tarball: at(`mobility-control-${version}-linux-x64.tar.gz`),
    deb: at(`mobility-control_${version}_amd64.deb`),
    rpm: at(`mobility-control-${version}-1.x86_64.rpm`),
    sums: at('SHA256SUMS'),
  };
}
