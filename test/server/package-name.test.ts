import { strict as assert } from 'node:assert';
import { AppError } from '../../server/core/errors/app-error';
import { parsePackageName, parseReleaseDate, tryParsePackageName } from '../../server/core/packages/package-name';

describe('package names', () => {
  const valid: Array<[string, { version: string; osTag: string; releaseDate: string; extension: string }]> = [
    ['Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.exe', { version: '9.30.0.0', osTag: 'Windows', releaseDate: '22Oct2019', extension: 'exe' }],
    ['Microsoft-ASR_UA_9.30.0.0_UBUNTU-16.04-64_GA_22Oct2019_release.tar.gz', { version: '9.30.0.0', osTag: 'UBUNTU-16.04-64', releaseDate: '22Oct2019', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.56.0.0_UBUNTU-20.04-64_GA_29Feb2024_release.tar.gz', { version: '9.56.0.0', osTag: 'UBUNTU-20.04-64', releaseDate: '29Feb2024', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.21.0.0_RHEL6-64_GA_01Jan2019_release.tar.gz', { version: '9.21.0.0', osTag: 'RHEL6-64', releaseDate: '01Jan2019', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.30.0.0_SLES11-SP4-64_GA_22Oct2019_release.tar.gz', { version: '9.30.0.0', osTag: 'SLES11-SP4-64', releaseDate: '22Oct2019', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.30.0.0_DEBIAN8-64_GA_22Oct2019_release.tar.gz', { version: '9.30.0.0', osTag: 'DEBIAN8-64', releaseDate: '22Oct2019', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.30.0.0_OL7-64_GA_31Dec2019_release.tar.gz', { version: '9.30.0.0', osTag: 'OL7-64', releaseDate: '31Dec2019', extension: 'tar.gz' }],
    // Hand-placed installers (docs/agent-reference.md, "Hand-placed installers"): tags the shipped table does not list.
    ['Microsoft-ASR_UA_9.40.0.0_RHEL5-64_GA_10Mar2021_release.tar.gz', { version: '9.40.0.0', osTag: 'RHEL5-64', releaseDate: '10Mar2021', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.40.0.0_CENTOS5-64_GA_10Mar2021_release.tar.gz', { version: '9.40.0.0', osTag: 'CENTOS5-64', releaseDate: '10Mar2021', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.40.0.0_SLES11-SP3-64_GA_10Mar2021_release.tar.gz', { version: '9.40.0.0', osTag: 'SLES11-SP3-64', releaseDate: '10Mar2021', extension: 'tar.gz' }],
    ['Microsoft-ASR_UA_9.40.0.0_DEBIAN7-64_GA_10Mar2021_release.tar.gz', { version: '9.40.0.0', osTag: 'DEBIAN7-64', releaseDate: '10Mar2021', extension: 'tar.gz' }],
  ];

  for (const [name, expected] of valid) {
    it(`parses ${name}`, () => {
      const parsed = parsePackageName(name);
      assert.deepEqual(
        { version: parsed.version, osTag: parsed.osTag, releaseDate: parsed.releaseDate, extension: parsed.extension },
        expected,
      );
      assert.equal(parsed.name, name);
    });
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['empty', '', /it is empty/],
    ['a path', 'sub/Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.exe', /path separator/],
    ['a traversal', '../Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.exe', /path separator/],
    ['a Windows traversal', '..\\Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.exe', /path separator/],
    ['an absolute path', '/etc/passwd', /path separator/],
    ['".." alone', '..', /"\.\."/],
    ['".." inside the OS tag', 'Microsoft-ASR_UA_9.30.0.0_UBUNTU-..-64_GA_22Oct2019_release.tar.gz', /"\.\."/],
    ['a NUL byte', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.exe\0.txt', /control character/],
    ['another product', 'setup.exe', /does not have that shape/],
    ['a missing release suffix', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019.exe', /does not have that shape/],
    ['a .zip', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.zip', /does not have that shape/],
    ['a three-part version', 'Microsoft-ASR_UA_9.30.0_Windows_GA_22Oct2019_release.exe', /four dotted numbers/],
    ['a lettered version', 'Microsoft-ASR_UA_9.30.0.x_Windows_GA_22Oct2019_release.exe', /four dotted numbers/],
    ['.exe for Linux', 'Microsoft-ASR_UA_9.30.0.0_RHEL7-64_GA_22Oct2019_release.exe', /must have the OS tag "Windows"/],
    ['.tar.gz for Windows', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Oct2019_release.tar.gz', /Windows installer is an \.exe/],
    ['a lower-case Linux tag', 'Microsoft-ASR_UA_9.30.0.0_rhel7-64_GA_22Oct2019_release.tar.gz', /not a Linux installer tag/],
    ['a 32-bit tag', 'Microsoft-ASR_UA_9.30.0.0_RHEL7-32_GA_22Oct2019_release.tar.gz', /not a Linux installer tag/],
    ['a month that does not exist', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_22Okt2019_release.exe', /not a real date/],
    ['a day that does not exist', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_31Feb2019_release.exe', /not a real date/],
    ['29 Feb outside a leap year', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_29Feb2023_release.exe', /not a real date/],
    ['a numeric date', 'Microsoft-ASR_UA_9.30.0.0_Windows_GA_2019-10-22_release.exe', /not a real date/],
    ['a very long name', `Microsoft-ASR_UA_9.30.0.0_${'A'.repeat(300)}-64_GA_22Oct2019_release.tar.gz`, /longer than 255/],
  ];

  for (const [what, name, reason] of invalid) {
    it(`refuses ${what} with INVALID_ARGUMENT, the reason, the pattern and an example`, () => {
      assert.throws(
        () => parsePackageName(name),
        (err: unknown) =>
          err instanceof AppError &&
          err.code === 'invalid_argument' &&
          reason.test(err.message) &&
          err.message.includes('Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>') &&
          err.message.includes('e.g. Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz'),
      );
      assert.equal(tryParsePackageName(name), undefined);
    });
  }

  it('never parses an upload temp file, so listings cannot show one', () => {
    assert.equal(tryParsePackageName('.upload-0123456789abcdef01234567.partial'), undefined);
  });

  it('orders release dates as dates', () => {
    assert.ok(parseReleaseDate('01Nov2019')! > parseReleaseDate('22Oct2019')!);
    assert.ok(parseReleaseDate('01Jan2020')! > parseReleaseDate('31Dec2019')!);
    assert.equal(parseReleaseDate('00Jan2020'), undefined);
  });
});
