/**
 * OS identification and the installer table: every row of the table in
 * docs/agent-reference.md ("Operating systems and installer OS tags") from
 * real release files, the systems outside it, 32-bit hosts, the parsers'
 * edge cases, the file cache, and Windows through an in-memory registry.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OsFamily, SupportStatus, type OsInfo } from '../../gen/mobility/v1/agent_control_pb';
import { ParsedFileCache } from '../../server/core/files/parsed-file-cache';
import { detectLinuxOs } from '../../server/core/os/detect-os';
import { classifyInstallerOs } from '../../server/core/os/installer-os-table';
import { parseOsRelease, parseRedhatRelease, parseSuseRelease } from '../../server/core/os/os-release';
import { detectWindowsOs, WINDOWS_VERSION_KEY } from '../../server/core/os/windows-os';
import { memoryRegistry } from '../helpers/memory-registry';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'os-release');
const { SUPPORTED, MANUAL_INSTALLER, UNSUPPORTED } = SupportStatus;

interface Row {
  fixture: string;
  tag: string;
  support: SupportStatus;
  /** OsInfo.version as the OS states it. */
  version: string;
  /** The file the OS must be identified from. */
  source: string;
  /** Words the support reason must contain. */
  mentions: string[];
}

const MANUAL_WORDS = ['9.36', 'downloaded by hand', 'package repository folder'];

const ROWS: Row[] = [
  { fixture: 'rhel-5', tag: 'RHEL5-64', support: MANUAL_INSTALLER, version: '5.11', source: '/etc/redhat-release', mentions: MANUAL_WORDS },
  { fixture: 'centos-5', tag: 'RHEL5-64', support: MANUAL_INSTALLER, version: '5.11', source: '/etc/redhat-release', mentions: MANUAL_WORDS },
  { fixture: 'rhel-6', tag: 'RHEL6-64', support: SUPPORTED, version: '6.10', source: '/etc/redhat-release', mentions: [] },
  { fixture: 'centos-6', tag: 'RHEL6-64', support: SUPPORTED, version: '6.10', source: '/etc/redhat-release', mentions: [] },
  { fixture: 'rhel-7', tag: 'RHEL7-64', support: SUPPORTED, version: '7.9', source: '/etc/os-release', mentions: [] },
  { fixture: 'centos-7', tag: 'RHEL7-64', support: SUPPORTED, version: '7', source: '/etc/os-release', mentions: [] },
  { fixture: 'rhel-8', tag: 'RHEL8-64', support: SUPPORTED, version: '8.10', source: '/etc/os-release', mentions: [] },
  { fixture: 'centos-8', tag: 'RHEL8-64', support: SUPPORTED, version: '8', source: '/etc/os-release', mentions: [] },
  { fixture: 'sles-11-sp3', tag: 'SLES11-SP3-64', support: MANUAL_INSTALLER, version: '11 SP3', source: '/etc/SuSE-release', mentions: MANUAL_WORDS },
  { fixture: 'sles-11-sp4', tag: 'SLES11-SP4-64', support: SUPPORTED, version: '11 SP4', source: '/etc/os-release', mentions: [] },
  { fixture: 'sles-12-sp1', tag: 'SLES12-64', support: SUPPORTED, version: '12 SP1', source: '/etc/os-release', mentions: [] },
  { fixture: 'sles-12-sp2', tag: 'SLES12-64', support: SUPPORTED, version: '12 SP2', source: '/etc/os-release', mentions: [] },
  { fixture: 'sles-12-sp3', tag: 'SLES12-64', support: SUPPORTED, version: '12 SP3', source: '/etc/os-release', mentions: [] },
  { fixture: 'sles-15', tag: 'SLES15-64', support: SUPPORTED, version: '15', source: '/etc/os-release', mentions: [] },
  { fixture: 'ol-6.4', tag: 'OL6-64', support: SUPPORTED, version: '6.4', source: '/etc/oracle-release', mentions: [] },
  { fixture: 'ol-6.5', tag: 'OL6-64', support: SUPPORTED, version: '6.5', source: '/etc/oracle-release', mentions: [] },
  { fixture: 'ol-7', tag: 'OL7-64', support: SUPPORTED, version: '7.9', source: '/etc/os-release', mentions: [] },
  { fixture: 'ol-8', tag: 'OL8-64', support: SUPPORTED, version: '8.10', source: '/etc/os-release', mentions: [] },
  { fixture: 'ubuntu-14.04', tag: 'UBUNTU-14.04-64', support: SUPPORTED, version: '14.04', source: '/etc/os-release', mentions: [] },
  { fixture: 'ubuntu-16.04', tag: 'UBUNTU-16.04-64', support: SUPPORTED, version: '16.04', source: '/etc/os-release', mentions: [] },
  { fixture: 'ubuntu-18.04', tag: 'UBUNTU-18.04-64', support: SUPPORTED, version: '18.04', source: '/etc/os-release', mentions: [] },
  { fixture: 'ubuntu-20.04', tag: 'UBUNTU-20.04-64', support: SUPPORTED, version: '20.04', source: '/etc/os-release', mentions: [] },
  { fixture: 'debian-7', tag: 'DEBIAN7-64', support: MANUAL_INSTALLER, version: '7', source: '/etc/os-release', mentions: MANUAL_WORDS },
  { fixture: 'debian-8', tag: 'DEBIAN8-64', support: SUPPORTED, version: '8', source: '/etc/os-release', mentions: [] },
  { fixture: 'debian-9', tag: 'DEBIAN9-64', support: SUPPORTED, version: '9', source: '/etc/os-release', mentions: [] },
  // Outside the table: the reason names the system and what is supported instead.
  { fixture: 'ubuntu-22.04', tag: '', support: UNSUPPORTED, version: '22.04', source: '/etc/os-release', mentions: ['Ubuntu 22.04', '20.04'] },
  { fixture: 'debian-12', tag: '', support: UNSUPPORTED, version: '12', source: '/etc/os-release', mentions: ['Debian 12', '7, 8 and 9'] },
  { fixture: 'fedora-39', tag: '', support: UNSUPPORTED, version: '39', source: '/etc/os-release', mentions: ['Fedora Linux 39', 'Ubuntu 14.04'] },
  { fixture: 'sles-12-sp5', tag: '', support: UNSUPPORTED, version: '12 SP5', source: '/etc/os-release', mentions: ['12 SP5', '12 SP1'] },
];

/** A sandbox whose /etc holds the fixture's files and nothing else. */
function fixtureRoot(fixture: string): Sandbox {
  const sandbox = makeSandbox('');
  for (const file of fs.readdirSync(path.join(FIXTURES, fixture))) {
    sandbox.write(`/etc/${file}`, fs.readFileSync(path.join(FIXTURES, fixture, file)));
  }
  return sandbox;
}

function detectFixture(fixture: string, arch = 'x86_64'): OsInfo {
  const sandbox = fixtureRoot(fixture);
  try {
    return detectLinuxOs({ root: sandbox.root }, arch);
  } finally {
    sandbox.remove();
  }
}

describe('OS detection', () => {
  it('has a fixture folder for every row and every row for a fixture folder', () => {
    const folders = fs.readdirSync(FIXTURES).filter((f) => fs.statSync(path.join(FIXTURES, f)).isDirectory());
    assert.deepEqual(folders.sort(), ROWS.map((r) => r.fixture).sort());
  });

  describe('the installer table, from real release files', () => {
    for (const row of ROWS) {
      it(`${row.fixture} → ${row.tag || 'unsupported'} (${SupportStatus[row.support]})`, () => {
        const info = detectFixture(row.fixture);
        assert.equal(info.family, OsFamily.LINUX);
        assert.equal(info.installerOsTag, row.tag);
        assert.equal(info.support, row.support);
        assert.equal(info.version, row.version);
        assert.equal(info.source, row.source);
        assert.equal(info.architecture, 'x86_64');
        assert.equal(info.is64Bit, true);
        assert.equal(info.sampleHost, false);
        assert.ok(info.name.length > 0 && info.prettyName.length > 0, 'name and pretty name are set');
        assertMeaningfulReason(info, row);
      });
    }
  });

  it('says a 32-bit host is unsupported, whatever its distribution', () => {
    for (const arch of ['i686', 'i386', 'armv7l']) {
      const info = detectFixture('ubuntu-20.04', arch);
      assert.equal(info.support, UNSUPPORTED, arch);
      assert.equal(info.installerOsTag, '');
      assert.equal(info.is64Bit, false);
      assert.equal(info.architecture, arch);
      assert.match(info.supportReason, /only 64-bit operating systems are supported/);
      assert.match(info.supportReason, /Ubuntu 20\.04/);
    }
  });

  it('says a 64-bit host that is not x86-64 has no installer', () => {
    const info = detectFixture('rhel-8', 'aarch64');
    assert.equal(info.support, UNSUPPORTED);
    assert.equal(info.is64Bit, true);
    assert.match(info.supportReason, /aarch64.*x86_64 only/);
  });

  it('reports an unsupported, unidentified Linux when the root has no release file (and does not throw)', () => {
    const sandbox = makeSandbox('');
    try {
      const info = detectLinuxOs({ root: sandbox.root }, 'x86_64');
      assert.equal(info.family, OsFamily.LINUX);
      assert.equal(info.support, UNSUPPORTED);
      assert.equal(info.installerOsTag, '');
      assert.match(info.supportReason, /^cannot identify the operating system: no \/etc\/os-release/);
      assert.ok(info.supportReason.includes(sandbox.root), 'the reason names the root searched');
    } finally {
      sandbox.remove();
    }
  });

  it('marks a root whose os-release says MOBILITY_SAMPLE_HOST=1 as a sample host', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'ubuntu-20.04', 'os-release'), 'utf8');
    const sandbox = makeSandbox(`# sample\n${text}MOBILITY_SAMPLE_HOST=1\n`);
    try {
      const info = detectLinuxOs({ root: sandbox.root }, 'x86_64');
      assert.equal(info.sampleHost, true);
      assert.equal(info.installerOsTag, 'UBUNTU-20.04-64');
    } finally {
      sandbox.remove();
    }
  });

  it('prefers oracle-release over the redhat-release Oracle Linux 6 also ships', () => {
    const info = detectFixture('ol-6.5');
    assert.equal(info.name, 'Oracle Linux Server');
    assert.equal(info.installerOsTag, 'OL6-64');
  });

  it('sees a changed os-release on the next call, even when the size did not change', () => {
    const sandbox = makeSandbox('ID=ubuntu\nVERSION_ID="18.04"\n');
    try {
      assert.equal(detectLinuxOs({ root: sandbox.root }, 'x86_64').installerOsTag, 'UBUNTU-18.04-64');
      sandbox.write('/etc/os-release', 'ID=ubuntu\nVERSION_ID="20.04"\n');
      assert.equal(detectLinuxOs({ root: sandbox.root }, 'x86_64').installerOsTag, 'UBUNTU-20.04-64');
      fs.rmSync(sandbox.path('/etc/os-release'));
      sandbox.write('/etc/redhat-release', 'CentOS release 6.10 (Final)\n');
      assert.equal(detectLinuxOs({ root: sandbox.root }, 'x86_64').installerOsTag, 'RHEL6-64');
    } finally {
      sandbox.remove();
    }
  });
});

describe('release file parsers', () => {
  it('parses os-release quoting, escapes and comments', () => {
    const info = parseOsRelease(
      ['# comment', '', 'NAME="Some \\"Quoted\\" OS"', "ID='sles'", 'VERSION_ID=12.3 # inline', 'PRETTY_NAME=', 'junk line'].join('\n'),
    );
    assert.equal(info.name, 'Some "Quoted" OS');
    assert.equal(info.id, 'sles');
    assert.equal(info.versionId, '12.3');
    assert.equal(info.prettyName, '');
  });

  it('parses the redhat-release lines of RHEL 5, CentOS 6 and CentOS 7', () => {
    const rhel5 = parseRedhatRelease('Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n');
    assert.deepEqual([rhel5?.id, rhel5?.versionId, rhel5?.name], ['rhel', '5.11', 'Red Hat Enterprise Linux Server']);
    const centos6 = parseRedhatRelease('CentOS release 6.10 (Final)');
    assert.deepEqual([centos6?.id, centos6?.versionId], ['centos', '6.10']);
    const centos7 = parseRedhatRelease('CentOS Linux release 7.9.2009 (Core)');
    assert.deepEqual([centos7?.id, centos7?.versionId, centos7?.prettyName], ['centos', '7.9.2009', 'CentOS Linux release 7.9.2009 (Core)']);
    assert.equal(parseRedhatRelease('garbage'), undefined);
  });

  it('parses SuSE-release into the os-release form', () => {
    const sles = parseSuseRelease('SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 3\n');
    assert.deepEqual(
      [sles?.id, sles?.versionId, sles?.name, sles?.prettyName],
      ['sles', '11.3', 'SUSE Linux Enterprise Server', 'SUSE Linux Enterprise Server 11 SP3'],
    );
    assert.equal(parseSuseRelease('SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 0\n')?.versionId, '11');
  });
});

describe('the parsed-file cache', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox('')));
  afterEach(() => sandbox.remove());

  function countingCache(now: () => number) {
    const parsed: string[] = [];
    const cache = new ParsedFileCache((text) => (parsed.push(text), text), 'the test file', now);
    return { cache, parsed };
  }

  it('re-parses only when the file changed, once it is older than the racy window', () => {
    const file = sandbox.write('/etc/os-release', 'ID=a\n');
    const { cache, parsed } = countingCache(() => Date.now() + 60_000);
    assert.equal(cache.read(file)?.value, 'ID=a\n');
    assert.equal(cache.read(file)?.value, 'ID=a\n');
    assert.equal(parsed.length, 1, 'an unchanged file is parsed once');
    fs.writeFileSync(file, 'ID=bb\n');
    assert.equal(cache.read(file)?.value, 'ID=bb\n');
    assert.equal(parsed.length, 2);
  });

  it('does not trust the cache for a file written within the racy window (a same-tick rewrite keeps mtime and size)', () => {
    const file = sandbox.write('/etc/os-release', 'ID=a\n');
    let now = Date.now();
    const { cache, parsed } = countingCache(() => now);
    cache.read(file);
    cache.read(file);
    assert.equal(parsed.length, 2, 'a file changed just now is read on every call');
    now = fs.statSync(file).mtimeMs + 60_000;
    cache.read(file);
    cache.read(file);
    assert.equal(parsed.length, 3, 'once it has settled it is read once');
  });

  it('reports a removed file as absent', () => {
    const file = sandbox.write('/etc/os-release', 'ID=a\n');
    const { cache } = countingCache(() => Date.now() + 60_000);
    assert.ok(cache.read(file));
    fs.rmSync(file);
    assert.equal(cache.read(file), undefined);
  });
});

describe('Windows identification (in-memory registry)', () => {
  interface Case {
    product: string;
    build: string;
    csd?: string;
    arch?: string;
    support: SupportStatus;
    version: string;
    reason: RegExp;
  }
  const CASES: Case[] = [
    { product: 'Windows Server 2016 Datacenter', build: '14393', support: SUPPORTED, version: '2016', reason: /supported.*_Windows_.*\.exe/ },
    { product: 'Windows Server 2012 R2 Standard', build: '9600', support: SUPPORTED, version: '2012 R2', reason: /supported/ },
    { product: 'Windows Server 2012 Standard', build: '9200', support: SUPPORTED, version: '2012', reason: /supported/ },
    { product: 'Windows Server 2008 R2 Enterprise', build: '7601', csd: 'Service Pack 1', support: SUPPORTED, version: '2008 R2 SP1', reason: /supported/ },
    { product: 'Windows Server 2008 R2 Enterprise', build: '7600', support: UNSUPPORTED, version: '2008 R2', reason: /2008 R2 is not supported.*2008 R2 SP1/ },
    { product: 'Windows Server 2019 Datacenter', build: '17763', support: UNSUPPORTED, version: '2019', reason: /2019 is not supported.*2016, 2012 R2, 2012 and 2008 R2 SP1/ },
    { product: 'Windows 10 Pro', build: '19045', support: UNSUPPORTED, version: '10', reason: /Windows 10 is not supported.*Windows Server 2016/ },
    { product: 'Windows Server 2016 Standard', build: '14393', arch: 'x86', support: UNSUPPORTED, version: '2016', reason: /only 64-bit/ },
  ];

  for (const c of CASES) {
    it(`${c.product} build ${c.build}${c.arch ? ` (${c.arch})` : ''} → ${SupportStatus[c.support]}`, async () => {
      const registry = memoryRegistry({
        [WINDOWS_VERSION_KEY]: { ProductName: c.product, CurrentBuild: c.build, ...(c.csd ? { CSDVersion: c.csd } : {}) },
      });
      const info = await detectWindowsOs(registry, c.arch ?? 'AMD64');
      assert.equal(info.family, OsFamily.WINDOWS);
      assert.equal(info.support, c.support);
      assert.equal(info.installerOsTag, c.support === SUPPORTED ? 'Windows' : '');
      assert.equal(info.version, c.version);
      assert.equal(info.name, c.product);
      assert.equal(info.source, WINDOWS_VERSION_KEY);
      assert.equal(info.architecture, c.arch ? 'i686' : 'x86_64');
      assert.match(info.supportReason, c.reason);
    });
  }
});

describe('classifyInstallerOs', () => {
  it('names the hand-placed installer and where it goes for the manual-installer systems', () => {
    const verdict = classifyInstallerOs({ id: 'sles', version: '11.3', architecture: 'x86_64' });
    assert.equal(verdict.support, 'manual_installer');
    assert.equal(verdict.installerOsTag, 'SLES11-SP3-64');
    assert.match(verdict.reason, /from agent 9\.36 on the latest installer/);
    assert.match(verdict.reason, /Microsoft-ASR_UA_<version>_SLES11-SP3-64_GA_<date>_release\.tar\.gz/);
    assert.match(verdict.reason, /pushinstallsvc\\repository/);
  });

  it('serves Oracle Linux 6 only at 6.4 and 6.5', () => {
    for (const version of ['6.3', '6.6', '6.10']) {
      const verdict = classifyInstallerOs({ id: 'ol', version, architecture: 'x86_64' });
      assert.equal(verdict.support, 'unsupported', version);
      assert.match(verdict.reason, /supported Oracle Linux versions: 6\.4, 6\.5, 7 and 8/);
    }
  });
});

function assertMeaningfulReason(info: OsInfo, row: Row): void {
  const reason = info.supportReason;
  assert.ok(reason.length > 20, `a sentence, not "${reason}"`);
  if (row.support === SUPPORTED) assert.ok(reason.includes(row.tag), `"${reason}" names ${row.tag}`);
  if (row.support === MANUAL_INSTALLER) assert.ok(reason.includes(row.tag), `"${reason}" names ${row.tag}`);
  if (row.support === UNSUPPORTED) assert.match(reason, /is not supported/);
  for (const word of row.mentions) assert.ok(reason.includes(word), `"${reason}" mentions "${word}"`);
}
