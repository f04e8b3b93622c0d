/**
 * Builds the SAMPLE agent installer packages: tar.gz files named like the real
 * Microsoft ones (Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.tar.gz)
 * whose `install`, `UnifiedAgentConfigurator.sh` and `uninstall.sh` are the sample scripts in
 * ./files, honouring docs/installer-contract.md. They are labelled as samples
 * everywhere (script headers, SAMPLE-README.txt, VERSION, every output line).
 *
 *   node --import tsx scripts/sample-packages/make-sample-packages.ts --out DIR \
 *     [--os-tag UBUNTU-20.04-64] [--version 9.30.0.0[=22Oct2019]]...
 *
 * The archives are reproducible: same inputs, same bytes (fixed mtimes from the
 * package date, owner 0, sorted names, fixed modes, ustar, gzip without a name
 * or timestamp), so a regenerated package keeps its sha256.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify, parseArgs } from 'node:util';
import * as zlib from 'node:zlib';

const execFileAsync = promisify(execFile);

export const SAMPLE_FILES_DIR = path.join(__dirname, 'files');
export const DEFAULT_SAMPLE_OS_TAG = 'UBUNTU-20.04-64';

export interface SampleVersion {
  /** Four dotted numbers, e.g. 9.30.0.0. */
  version: string;
  /** The package date as in the file name, DDMonYYYY, e.g. 22Oct2019. */
  date: string;
}

/** The default set: before and after the 9.23 VSS rule, and an upgrade target. */
export const DEFAULT_SAMPLE_VERSIONS: readonly SampleVersion[] = [
  { version: '9.22.0.0', date: '15Jan2019' },
  { version: '9.30.0.0', date: '22Oct2019' },
  { version: '9.40.0.0', date: '10Nov2020' },
];

/** Date used for a version given without one and not in the default set. */
export const FALLBACK_SAMPLE_DATE = '01Jan2020';

export interface MakeSamplePackagesOptions {
  outDir: string;
  /** Installer OS tag; Linux tags only (the samples are tar.gz). Default UBUNTU-20.04-64. */
  osTag?: string;
  /** Versions to build (a bare version takes its default date). Default DEFAULT_SAMPLE_VERSIONS. */
  versions?: readonly (string | SampleVersion)[];
}

export interface SamplePackage {
  name: string;
  path: string;
  version: string;
  osTag: string;
  date: string;
  sha256: string;
  sizeBytes: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function samplePackageName(version: string, osTag: string, date: string): string {
  return `Microsoft-ASR_UA_${version}_${osTag}_GA_${date}_release.tar.gz`;
}

/** Builds the packages into outDir (created if needed); each file is written atomically. */
export async function makeSamplePackages(options: MakeSamplePackagesOptions): Promise<SamplePackage[]> {
  const osTag = options.osTag ?? DEFAULT_SAMPLE_OS_TAG;
  if (!/^[A-Z][A-Z0-9.-]*-64$/.test(osTag)) {
    throw new Error(`"${osTag}" is not a Linux installer OS tag (e.g. UBUNTU-20.04-64, RHEL7-64); the samples are tar.gz packages`);
  }
  const versions = (options.versions ?? DEFAULT_SAMPLE_VERSIONS).map(resolveVersion);
  const common = fs.readFileSync(path.join(SAMPLE_FILES_DIR, 'sample-common.sh'), 'utf8');
  const install = fs.readFileSync(path.join(SAMPLE_FILES_DIR, 'install'), 'utf8');
  const configurator = fs.readFileSync(path.join(SAMPLE_FILES_DIR, 'UnifiedAgentConfigurator.sh'), 'utf8');
  const uninstall = fs.readFileSync(path.join(SAMPLE_FILES_DIR, 'uninstall.sh'), 'utf8');
  fs.mkdirSync(options.outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-sample-package-'));
  try {
    const built: SamplePackage[] = [];
    for (const { version, date } of versions) {
      const values = { SAMPLE_VERSION: version, SAMPLE_OS_TAG: osTag, SAMPLE_BUILD_DATE: date };
      const dir = path.join(staging, version);
      fs.mkdirSync(dir);
      const files: [string, string, number][] = [
        ['install', fill(install, common, values), 0o755],
        ['UnifiedAgentConfigurator.sh', fill(configurator, common, values), 0o755],
        ['uninstall.sh', fill(uninstall, common, values), 0o755],
        ['SAMPLE-README.txt', readme(version, osTag, date), 0o644],
        ['VERSION', versionFile(version, osTag, date), 0o644],
      ];
      for (const [name, content, mode] of files) {
        fs.writeFileSync(path.join(dir, name), content);
        fs.chmodSync(path.join(dir, name), mode);
      }
      const tarFile = path.join(staging, `${version}.tar`);
      const names = files.map(([name]) => name).sort();
      await execFileAsync('tar', [
        '--create',
        '--file', tarFile,
        '--format=ustar',
        '--sort=name',
        `--mtime=@${packageEpoch(date)}`,
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--directory', dir,
        '--',
        ...names,
      ]);
      // gzip with no file name and mtime 0 in the header (what `gzip -n` does).
      const gz = zlib.gzipSync(fs.readFileSync(tarFile), { level: 9 });
      const name = samplePackageName(version, osTag, date);
      const target = path.join(options.outDir, name);
      const temp = path.join(options.outDir, `.${name}.${process.pid}.tmp`);
      fs.writeFileSync(temp, gz);
      fs.renameSync(temp, target);
      built.push({
        name,
        path: target,
        version,
        osTag,
        date,
        sha256: createHash('sha256').update(gz).digest('hex'),
        sizeBytes: gz.length,
      });
    }
    return built;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function resolveVersion(entry: string | SampleVersion): SampleVersion {
  const given = typeof entry === 'string' ? { version: entry, date: '' } : entry;
  if (!/^\d{1,6}\.\d{1,6}\.\d{1,6}\.\d{1,6}$/.test(given.version)) {
    throw new Error(`"${given.version}" is not an agent version (four dotted numbers, e.g. 9.30.0.0)`);
  }
  const date =
    given.date || DEFAULT_SAMPLE_VERSIONS.find((v) => v.version === given.version)?.date || FALLBACK_SAMPLE_DATE;
  packageEpoch(date); // validates
  return { version: given.version, date };
}

/** "22Oct2019" → seconds since the epoch at 00:00 UTC that day. */
function packageEpoch(date: string): number {
  const m = /^(\d{2})([A-Z][a-z]{2})(\d{4})$/.exec(date);
  const month = m ? MONTHS.indexOf(m[2]) : -1;
  const time = m && month >= 0 ? Date.UTC(Number(m[3]), month, Number(m[1])) : NaN;
  if (!m || Number.isNaN(time) || new Date(time).getUTCDate() !== Number(m[1])) {
    throw new Error(`"${date}" is not a package date (DDMonYYYY, e.g. 22Oct2019)`);
  }
  return time / 1000;
}

function fill(template: string, common: string, values: Record<string, string>): string {
  const lines = template.split('\n');
  const at = lines.indexOf('# @SAMPLE_COMMON@');
  if (at < 0) throw new Error('a sample script template lacks its "# @SAMPLE_COMMON@" line');
  const inlined = common.replace(/^# shellcheck shell=bash\n/, '').trimEnd();
  lines.splice(at, 1, inlined);
  let text = lines.join('\n');
  for (const [key, value] of Object.entries(values)) text = text.split(`@${key}@`).join(value);
  const left = /@SAMPLE_[A-Z_]+@/.exec(text);
  if (left) throw new Error(`a sample script template has an unknown placeholder ${left[0]}`);
  return text;
}

function versionFile(version: string, osTag: string, date: string): string {
  return [
    '# SAMPLE package built by Mobility Control: not a Microsoft installer',
    `VERSION=${version}`,
    `OS_TAG=${osTag}`,
    `BUILD_DATE=${date}`,
    'SAMPLE=yes',
    '',
  ].join('\n');
}

function readme(version: string, osTag: string, date: string): string {
  return `SAMPLE PACKAGE - NOT THE MICROSOFT AZURE SITE RECOVERY MOBILITY SERVICE INSTALLER

Mobility service agent ${version} for ${osTag} (${date}), as a sample built by
Mobility Control (scripts/sample-packages/make-sample-packages.ts). It lets
mobilityd, its tests and its embedded default run anywhere. It installs nothing
real: \`install\` copies itself under <location>/Vx and writes
<root>/usr/local/.vx_version; UnifiedAgentConfigurator.sh "registers" against
the passphrase in <root>/etc/mobility-sample/cs-passphrase. <root> is
MOBILITY_HOST_ROOT (default /); the sample writes nothing outside it.

  ./install -d <location> -r <MS|MT> -v <VmWare|Azure> -q [-l <log file>]
  ./install -v <VmWare|Azure> -q                  (upgrade of an installed agent)
  <location>/Vx/bin/UnifiedAgentConfigurator.sh -i <CS IP> -P <passphrase file>
  <location>/uninstall.sh -Y                      (removes what install created)

install exit codes: 0 success, 98 success with warnings, 96 invalid arguments,
97 failed with errors, 99 prerequisites not met, 11 upgrade not supported,
15 downgrade not supported. Configurator: 0 registered, 14 passphrase
rejected, 96 invalid arguments, 1 agent not installed. uninstall.sh: 0
uninstalled, 1 refused (no -Y and no "y" answer) or failed, 96 invalid arguments.

Faults for tests and demos, from <root>/etc/mobility-sample/faults (one word a
line) or MOBILITY_SAMPLE_FAULTS (comma-separated): prereq, vss, slow,
slow=<seconds per phase>, errors, lock. The exact behaviour is documented in
docs/installer-contract.md ("What the sample packages do").

Never copy this package to a configuration server or a protected machine.
`;
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------
const USAGE = `Usage: node --import tsx scripts/sample-packages/make-sample-packages.ts --out DIR [options]
  --out DIR          folder to write the packages to (created if needed)
  --os-tag TAG       installer OS tag (default ${DEFAULT_SAMPLE_OS_TAG})
  --version V[=D]    a version to build, optionally with its DDMonYYYY date (repeatable;
                     default ${DEFAULT_SAMPLE_VERSIONS.map((v) => `${v.version}=${v.date}`).join(', ')})
  --help`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        'os-tag': { type: 'string' },
        version: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`make-sample-packages: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.out) {
    process.stderr.write(`make-sample-packages: --out is required\n${USAGE}\n`);
    return 2;
  }
  const versions = values.version?.map((v) => {
    const [version, date = ''] = v.split('=', 2);
    return { version, date };
  });
  try {
    const built = await makeSamplePackages({ outDir: path.resolve(values.out), osTag: values['os-tag'], versions });
    for (const p of built) process.stdout.write(`${p.path}  sha256 ${p.sha256}  ${p.sizeBytes} bytes  (SAMPLE)\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`make-sample-packages: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
