/**
 * The agent's support table (docs/agent-reference.md, "Operating systems and
 * installer OS tags") as one pure function: which <OS> tag in the installer
 * file names serves a host, and whether the installer ships with the
 * configuration server or must be placed by hand. Nothing here reads the host,
 * so every row is unit-testable.
 */

export type SupportLevel = 'supported' | 'manual_installer' | 'unsupported';

export interface OsToClassify {
  /** os-release ID ("rhel", "centos", "ol", "sles", "ubuntu", "debian"), or "windows" / "windows-desktop". */
  id: string;
  /** VERSION_ID ("7.9", "11.4", "20.04"); for Windows the release ("2016", "2012 R2", "2008 R2 SP1"). */
  version: string;
  /** Machine architecture as uname says it ("x86_64", "i686", "aarch64"). */
  architecture: string;
  /** The OS's own name, for messages about systems outside the table. */
  displayName?: string;
}

export interface InstallerOsClass {
  /** The <OS> of installer file names; empty when unsupported. */
  installerOsTag: string;
  support: SupportLevel;
  /** A sentence for people. */
  reason: string;
  /** The table's name for the OS, e.g. "Red Hat Enterprise Linux". */
  name: string;
  /** The version the way the table writes it, e.g. "7.9", "11 SP4", "2012 R2". */
  version: string;
}

interface Version {
  raw: string;
  major: number;
  minor: number;
}

interface Row {
  when: (v: Version) => boolean;
  tag: string;
  manual?: boolean;
}

interface Family {
  name: string;
  rows: Row[];
  /** The supported versions, for the reason given when a version is not. */
  supported: string;
  label?: (v: Version) => string;
}

const major = (m: number) => (v: Version) => v.major === m;
const exact = (m: number, n: number) => (v: Version) => v.major === m && v.minor === n;
const sles = (m: number, sp: number[]) => (v: Version) => v.major === m && sp.includes(v.minor);

const RHEL_ROWS: Row[] = [
  { when: major(5), tag: 'RHEL5-64', manual: true },
  { when: major(6), tag: 'RHEL6-64' },
  { when: major(7), tag: 'RHEL7-64' },
  { when: major(8), tag: 'RHEL8-64' },
];

const FAMILIES: Record<string, Family> = {
  rhel: { name: 'Red Hat Enterprise Linux', rows: RHEL_ROWS, supported: '5, 6, 7 and 8' },
  centos: { name: 'CentOS', rows: RHEL_ROWS, supported: '5, 6, 7 and 8' },
  ol: {
    name: 'Oracle Linux',
    rows: [
      { when: exact(6, 4), tag: 'OL6-64' },
      { when: exact(6, 5), tag: 'OL6-64' },
      { when: major(7), tag: 'OL7-64' },
      { when: major(8), tag: 'OL8-64' },
    ],
    supported: '6.4, 6.5, 7 and 8',
  },
  sles: {
    name: 'SUSE Linux Enterprise Server',
    rows: [
      { when: sles(11, [3]), tag: 'SLES11-SP3-64', manual: true },
      { when: sles(11, [4]), tag: 'SLES11-SP4-64' },
      { when: sles(12, [1, 2, 3]), tag: 'SLES12-64' },
      // The table names SLES 15 without service packs: one installer serves the 15 line.
      { when: major(15), tag: 'SLES15-64' },
    ],
    supported: '11 SP3, 11 SP4, 12 SP1, 12 SP2, 12 SP3 and 15',
    label: (v) => (v.minor > 0 ? `${v.major} SP${v.minor}` : `${v.major}`),
  },
  ubuntu: {
    name: 'Ubuntu',
    rows: [14, 16, 18, 20].map((y) => ({ when: exact(y, 4), tag: `UBUNTU-${y}.04-64` })),
    supported: '14.04, 16.04, 18.04 and 20.04',
  },
  debian: {
    name: 'Debian',
    rows: [
      { when: major(7), tag: 'DEBIAN7-64', manual: true },
      { when: major(8), tag: 'DEBIAN8-64' },
      { when: major(9), tag: 'DEBIAN9-64' },
    ],
    supported: '7, 8 and 9',
  },
  windows: {
    name: 'Windows Server',
    rows: ['2016', '2012 R2', '2012', '2008 R2 SP1'].map((release) => ({
      when: (v: Version) => v.raw === release,
      tag: 'Windows',
    })),
    supported: '2016, 2012 R2, 2012 and 2008 R2 SP1',
  },
};

/** Every supported system, for messages about systems outside the table. */
export const SUPPORTED_SUMMARY =
  'Windows Server 2016, 2012 R2, 2012 and 2008 R2 SP1; Red Hat Enterprise Linux and CentOS 5, 6, 7 and 8; ' +
  'Oracle Linux 6.4, 6.5, 7 and 8; SUSE Linux Enterprise Server 11 SP3, 11 SP4, 12 SP1-SP3 and 15; ' +
  'Ubuntu 14.04, 16.04, 18.04 and 20.04; Debian 7, 8 and 9 (64-bit only)';

const SIXTY_FOUR_BIT = new Set(['x86_64', 'amd64', 'x64', 'aarch64', 'arm64', 'ppc64', 'ppc64le', 's390x', 'riscv64', 'sparc64', 'mips64', 'loongarch64']);

/** True for a 64-bit machine architecture. */
export function is64BitArchitecture(architecture: string): boolean {
  return SIXTY_FOUR_BIT.has(architecture.toLowerCase());
}

/** The installers are x86-64 builds (the "-64" in every tag). */
function isX8664(architecture: string): boolean {
  return ['x86_64', 'amd64', 'x64'].includes(architecture.toLowerCase());
}

export function classifyInstallerOs(os: OsToClassify): InstallerOsClass {
  const family = FAMILIES[os.id.toLowerCase()];
  const version = parseVersion(os.version);
  const name = family?.name ?? (os.displayName || os.id || 'This operating system');
  const label = family?.label?.(version) ?? os.version;
  const subject = `${name} ${label}`.trim();
  const result = (support: SupportLevel, reason: string, installerOsTag = ''): InstallerOsClass => ({
    installerOsTag,
    support,
    reason,
    name,
    version: label,
  });

  if (!is64BitArchitecture(os.architecture)) {
    return result('unsupported', `${subject} on ${os.architecture} is a 32-bit system: only 64-bit operating systems are supported`);
  }
  if (!isX8664(os.architecture)) {
    return result('unsupported', `${subject} on ${os.architecture} is not supported: the Mobility service installers are built for x86_64 only`);
  }
  if (!family) {
    return result('unsupported', `${subject} is not supported by the Mobility service; supported operating systems: ${SUPPORTED_SUMMARY}`);
  }
  const row = family.rows.find((r) => r.when(version));
  if (!row) {
    return result('unsupported', `${subject} is not supported by the Mobility service; supported ${family.name} versions: ${family.supported}`);
  }
  const file = installerFileName(row.tag);
  if (row.manual) return result('manual_installer', manualReason(subject, file), row.tag);
  return result('supported', `${subject} is supported: the installer ${file} serves it`, row.tag);
}

/** From agent 9.36 these systems need the installer fetched and placed by hand (docs/agent-reference.md, "Hand-placed installers"). */
function manualReason(subject: string, file: string): string {
  return (
    `${subject} is supported, but from agent 9.36 on the latest installer (${file}) must be downloaded by hand ` +
    'and placed in the package repository folder (on the configuration server ' +
    '%ProgramData%\\ASR\\home\\svsystems\\pushinstallsvc\\repository, then restart the PushInstall service; ' +
    'do the same on every scale-out process server)'
  );
}

function installerFileName(tag: string): string {
  const ext = tag === 'Windows' ? 'exe' : 'tar.gz';
  return `Microsoft-ASR_UA_<version>_${tag}_GA_<date>_release.${ext}`;
}

function parseVersion(raw: string): Version {
  const match = /^(\d+)(?:\.(\d+))?/.exec(raw.trim());
  return { raw: raw.trim(), major: match ? Number(match[1]) : NaN, minor: match?.[2] ? Number(match[2]) : 0 };
}
