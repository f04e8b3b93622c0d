/**
 * The SAMPLE installer packages (scripts/sample-packages/) for tests: built once
 * per test process into a temp folder, copied into a daemon's repository, and
 * steered through their fault and passphrase files under a sandbox root.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_SAMPLE_OS_TAG,
  DEFAULT_SAMPLE_VERSIONS,
  makeSamplePackages,
  type SamplePackage,
} from '../../scripts/sample-packages/make-sample-packages';

export { DEFAULT_SAMPLE_OS_TAG, DEFAULT_SAMPLE_VERSIONS, type SamplePackage };

/** The default versions: 9.22.0.0, 9.30.0.0, 9.40.0.0 (UBUNTU-20.04-64). */
export const SAMPLE_VERSIONS = DEFAULT_SAMPLE_VERSIONS.map((v) => v.version);

/** The faults the sample packages understand (docs/installer-contract.md). */
export type SampleFault = 'prereq' | 'vss' | 'slow' | 'errors' | 'lock' | `slow=${number}`;

let built: Promise<{ dir: string; packages: SamplePackage[] }> | undefined;

function buildOnce(): Promise<{ dir: string; packages: SamplePackage[] }> {
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-sample-packages-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const packages = await makeSamplePackages({ outDir: dir });
    return { dir, packages };
  })();
  return built;
}

/** The folder holding the default sample packages, built on first use. Do not modify it. */
export async function samplePackagesDir(): Promise<string> {
  return (await buildOnce()).dir;
}

/** The default sample packages (name, path, version, sha256, size), built on first use. */
export async function samplePackages(): Promise<SamplePackage[]> {
  return (await buildOnce()).packages;
}

/** The default sample package of one version, e.g. "9.30.0.0". */
export async function samplePackage(version: string): Promise<SamplePackage> {
  const found = (await samplePackages()).find((p) => p.version === version);
  if (!found) throw new Error(`no sample package ${version}; there are ${SAMPLE_VERSIONS.join(', ')}`);
  return found;
}

/** Copies sample packages (all by default) into a repository folder; returns the copies' paths. */
export async function copySamplePackages(repoDir: string, versions: readonly string[] = SAMPLE_VERSIONS): Promise<string[]> {
  fs.mkdirSync(repoDir, { recursive: true });
  const copies: string[] = [];
  for (const version of versions) {
    const pkg = await samplePackage(version);
    const target = path.join(repoDir, pkg.name);
    fs.copyFileSync(pkg.path, target);
    copies.push(target);
  }
  return copies;
}

type RootLike = string | { root: string };
const rootOf = (root: RootLike) => (typeof root === 'string' ? root : root.root);

/** The sample packages' fault file under a host root. */
export function sampleFaultsPath(root: RootLike): string {
  return path.join(rootOf(root), 'etc', 'mobility-sample', 'faults');
}

/** The sample configuration server's passphrase file under a host root. */
export function samplePassphrasePath(root: RootLike): string {
  return path.join(rootOf(root), 'etc', 'mobility-sample', 'cs-passphrase');
}

/** Writes <root>/etc/mobility-sample/faults, one fault a line; an empty list removes the file. */
export function setSampleFaults(root: RootLike, faults: readonly SampleFault[]): string {
  const file = sampleFaultsPath(root);
  if (faults.length === 0) {
    fs.rmSync(file, { force: true });
    return file;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${faults.join('\n')}\n`);
  return file;
}

/** Writes the sample configuration server's passphrase (mode 0600); returns the file's path. */
export function setSamplePassphrase(root: RootLike, passphrase: string): string {
  const file = samplePassphrasePath(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${passphrase}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
