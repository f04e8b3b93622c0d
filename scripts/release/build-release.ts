/**
 * `npm run release`: the linux-x64 release from the bundles of `npm run build`.
 *
 *   node --import tsx scripts/release/build-release.ts [--out DIR]   (default dist/release)
 *
 * Writes into DIR: the single executables mobilityd and mobilityctl, the
 * archive mobility-control-VERSION-linux-x64.tar.gz, the packages
 * mobility-control_VERSION_amd64.deb and mobility-control-VERSION-1.x86_64.rpm,
 * and SHA256SUMS of them all. docs/release.md describes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeChecksums } from './checksums';
import { makeDeb } from './deb-package';
import { EXECUTABLES, REPO_ROOT, RELEASE_VERSION, artifactNames, bundleOf } from './release-layout';
import { makeRpm } from './rpm-package';
import { makeSeaExecutable } from './sea-executable';
import { makeTarball } from './tarball';

const USAGE = 'Usage: node --import tsx scripts/release/build-release.ts [--out DIR]   (default dist/release; run npm run build first)';

function outputDir(argv: string[]): string {
  try {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return path.resolve(values.out ?? path.join(REPO_ROOT, 'dist', 'release'));
  } catch (err) {
    console.error(`build-release: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** Runs `step`, printing how long it took: the release build's time is watched in CI. */
async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await step();
  console.log(`${what}: ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  const out = outputDir(process.argv.slice(2));
  const version = RELEASE_VERSION;
  const names = artifactNames(version);
  const work = path.join(out, '.work');
  await fs.promises.rm(work, { recursive: true, force: true });
  await fs.promises.mkdir(work, { recursive: true });
  try {
    await timed('executables', () => Promise.all(EXECUTABLES.map((name) => makeSeaExecutable(bundleOf(name), path.join(out, name), path.join(work, 'sea')))));
    const artifact = (name: string) => path.join(out, name);
    await timed('tarball, .deb, .rpm', () =>
      Promise.all([
        makeTarball(out, artifact(names.tarball), path.join(work, 'tar')),
        makeDeb(out, version, artifact(names.deb), path.join(work, 'deb')),
        makeRpm(out, version, artifact(names.rpm), path.join(work, 'rpm')),
      ]),
    );
    await writeChecksums(artifact(names.sums), [...EXECUTABLES, names.tarball, names.deb, names.rpm]);
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
  console.log(`mobility-control ${version} release in ${path.relative(process.cwd(), out) || '.'}:`);
  for (const name of [...EXECUTABLES, names.tarball, names.deb, names.rpm, names.sums]) {
    console.log(`  ${name}  ${(fs.statSync(path.join(out, name)).size / 1024 / 1024).toFixed(1)} MiB`);
  }
}

main().catch((err) => {
  console.error(`build-release: ${(err as Error).message}`);
  process.exit(1);
});
