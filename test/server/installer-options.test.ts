/**
 * Install options: role and platform spellings, install locations (what is
 * accepted, normalized or refused, per OS) and configuration server addresses.
 */
import assert from 'node:assert/strict';
import { AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../../server/core/errors/app-error';
import { platformFlag, roleFlag } from '../../server/core/agent-programs/installer-commands';
import {
  defaultInstallLocation,
  parsePlatform,
  parseRole,
  resolveInstallLocation,
  validateInstallLocation,
} from '../../server/core/install/install-options';
import { validateCsEndpoint } from '../../server/core/register/cs-endpoint';

/** Asserts fn throws invalid_argument whose message contains every word. */
function refuses(fn: () => unknown, ...words: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.code, 'invalid_argument');
    for (const word of words) assert.ok(err.message.includes(word), `"${err.message}" lacks "${word}"`);
    return true;
  });
}

describe('installer options: role', () => {
  const rows: Array<[string, AgentRole]> = [
    ['MS', AgentRole.MOBILITY_SERVICE],
    ['ms', AgentRole.MOBILITY_SERVICE],
    ['Agent', AgentRole.MOBILITY_SERVICE],
    ['AGENT', AgentRole.MOBILITY_SERVICE],
    ['Mobility service', AgentRole.MOBILITY_SERVICE],
    ['  mobility SERVICE ', AgentRole.MOBILITY_SERVICE],
    ['MT', AgentRole.MASTER_TARGET],
    ['mt', AgentRole.MASTER_TARGET],
    ['MasterTarget', AgentRole.MASTER_TARGET],
    ['mastertarget', AgentRole.MASTER_TARGET],
    ['Master target', AgentRole.MASTER_TARGET],
  ];
  for (const [text, role] of rows) {
    it(`parses ${JSON.stringify(text)}`, () => assert.equal(parseRole(text), role));
  }

  it('refuses other words, listing the accepted spellings', () => {
    refuses(() => parseRole('process server'), 'process server', 'MS', 'Agent', 'Mobility service', 'MT', 'MasterTarget');
    refuses(() => parseRole(''), 'role is required');
  });

  it('always sends MS or MT, never the newer spellings', () => {
    assert.equal(roleFlag(parseRole('Agent')), 'MS');
    assert.equal(roleFlag(parseRole('MasterTarget')), 'MT');
    refuses(() => roleFlag(AgentRole.UNSPECIFIED), 'role is required: MS (mobility service) or MT (master target)');
  });
});

describe('installer options: platform', () => {
  const rows: Array<[string, Platform]> = [
    ['VmWare', Platform.VMWARE],
    ['VMware', Platform.VMWARE],
    ['vmware', Platform.VMWARE],
    ['physical', Platform.VMWARE],
    ['Physical', Platform.VMWARE],
    ['Azure', Platform.AZURE],
    ['azure', Platform.AZURE],
  ];
  for (const [text, platform] of rows) {
    it(`parses ${JSON.stringify(text)}`, () => assert.equal(parsePlatform(text), platform));
  }

  it('refuses other words and the unspecified value', () => {
    refuses(() => parsePlatform('hyper-v'), 'hyper-v', 'VmWare', 'Azure');
    refuses(() => parsePlatform(' '), 'platform is required');
    refuses(() => platformFlag(Platform.UNSPECIFIED), 'platform is required');
  });

  it('sends the installer spellings', () => {
    assert.equal(platformFlag(Platform.VMWARE), 'VmWare');
    assert.equal(platformFlag(Platform.AZURE), 'Azure');
  });
});

describe('installer options: install location', () => {
  it('has the documented defaults, and both defaults are valid', () => {
    assert.equal(defaultInstallLocation('linux'), '/usr/local/ASR');
    assert.equal(defaultInstallLocation('windows'), 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery');
    for (const os of ['linux', 'windows'] as const) {
      assert.equal(validateInstallLocation(defaultInstallLocation(os), os), defaultInstallLocation(os));
      assert.equal(resolveInstallLocation('', os), defaultInstallLocation(os));
      assert.equal(resolveInstallLocation(undefined, os), defaultInstallLocation(os));
    }
  });

  const accepted: Array<[string, 'linux' | 'windows', string]> = [
    ['/opt/asr', 'linux', '/opt/asr'],
    ['/opt/asr/', 'linux', '/opt/asr'],
    ['//opt//ASR-9.30_x+y@z', 'linux', '/opt/ASR-9.30_x+y@z'],
    ['D:\\ASR', 'windows', 'D:\\ASR'],
    ['D:/Program Files/ASR/', 'windows', 'D:\\Program Files\\ASR'],
    ['c:\\Agents (new)\\x', 'windows', 'c:\\Agents (new)\\x'],
  ];
  for (const [location, os, normalized] of accepted) {
    it(`accepts ${JSON.stringify(location)} on ${os} as ${JSON.stringify(normalized)}`, () => {
      assert.equal(validateInstallLocation(location, os), normalized);
    });
  }

  const refused: Array<[string, 'linux' | 'windows', string]> = [
    ['usr/local/ASR', 'linux', 'not an absolute path'],
    ['./ASR', 'linux', 'not an absolute path'],
    ['~/ASR', 'linux', 'shell metacharacter "~"'],
    ['/opt/../etc', 'linux', '".." segment'],
    ['/opt/./asr', 'linux', '"." segment'],
    ['/', 'linux', 'root of the file system'],
    ['', 'linux', 'is empty'],
    ['/opt/asr;rm -rf /', 'linux', 'shell metacharacter ";"'],
    ['/opt/a&b', 'linux', 'shell metacharacter "&"'],
    ['/opt/a|b', 'linux', 'shell metacharacter "|"'],
    ['/opt/`id`', 'linux', 'shell metacharacter "`"'],
    ['/opt/$HOME', 'linux', 'shell metacharacter "$"'],
    ['/opt/a>b', 'linux', 'shell metacharacter ">"'],
    ['/opt/a<b', 'linux', 'shell metacharacter "<"'],
    ['/opt/(a)', 'linux', 'shell metacharacter "("'],
    ['/opt/{a,b}', 'linux', 'shell metacharacter "{"'],
    ['/opt/a*', 'linux', 'shell metacharacter "*"'],
    ['/opt/a?', 'linux', 'shell metacharacter "?"'],
    ['/opt/a!', 'linux', 'shell metacharacter "!"'],
    ["/opt/a'b", 'linux', 'shell metacharacter "\'"'],
    ['/opt/a"b', 'linux', 'shell metacharacter """'],
    ['/opt/a\\b', 'linux', 'a backslash'],
    ['/opt/my asr', 'linux', 'a space'],
    ['/opt/a\nb', 'linux', 'control character (U+000A)'],
    ['/opt/a\tb', 'linux', 'control character (U+0009)'],
    ['/opt/a\0b', 'linux', 'control character (U+0000)'],
    ['/opt/agént', 'linux', 'non-ASCII character "é"'],
    [`/${'a'.repeat(200)}`, 'linux', '201 characters long (at most 200)'],
    ['C:\\ASR', 'linux', 'shell metacharacter ":"'],
    ['ASR', 'windows', 'not an absolute path'],
    ['\\ASR', 'windows', 'not an absolute path'],
    ['C:ASR', 'windows', 'not an absolute path'],
    ['\\\\server\\share\\ASR', 'windows', 'network (UNC) path'],
    ['C:\\', 'windows', 'root of the file system'],
    ['C:\\ASR\\..\\Windows', 'windows', '".." segment'],
    ['C:\\ASR&calc', 'windows', 'shell metacharacter "&"'],
    ['C:\\ASR|x', 'windows', 'shell metacharacter "|"'],
    ['C:\\%TEMP%', 'windows', 'shell metacharacter "%"'],
    ['C:\\a^b', 'windows', 'shell metacharacter "^"'],
    ['C:\\a"b', 'windows', 'shell metacharacter """'],
    ['C:\\a:b', 'windows', 'shell metacharacter ":"'],
    ['C:\\a\r\nb', 'windows', 'control character (U+000D)'],
    ['C:\\ASR.\\x', 'windows', 'ending in a dot or space'],
    ['C:\\ASR \\x', 'windows', 'ending in a dot or space'],
    ['C:\\con\\x', 'windows', 'reserved device name "con"'],
  ];
  for (const [location, os, reason] of refused) {
    it(`refuses ${JSON.stringify(location.length > 40 ? location.slice(0, 40) + '…' : location)} on ${os}`, () => {
      refuses(() => validateInstallLocation(location, os), 'install_location', 'is refused', reason, 'rather than quoting');
    });
  }
});

describe('installer options: configuration server endpoint', () => {
  const accepted: Array<[string, string]> = [
    ['10.0.0.5', '10.0.0.5'],
    [' 192.168.1.20\n', '192.168.1.20'],
    ['fd00::10', 'fd00::10'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:1'],
    ['::1', '::1'],
    ['::ffff:10.0.0.5', '::ffff:10.0.0.5'],
  ];
  for (const [text, address] of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => assert.equal(validateCsEndpoint(text), address));
  }

  const refused: Array<[string, string]> = [
    ['', 'empty'],
    ['cs01.contoso.com', 'host names are not accepted'],
    ['localhost', 'host names are not accepted'],
    ['cs01:443', 'not a valid IPv4 or IPv6 address'],
    ['10.0.0.5:443', 'a port is not accepted'],
    ['[fd00::10]', 'without brackets'],
    ['[fd00::10]:443', 'without brackets'],
    ['10.0.0.0/24', 'CIDR'],
    ['fe80::1%eth0', 'zone index'],
    ['0.0.0.0', 'unspecified address'],
    ['::', 'unspecified address'],
    ['10.0.0', 'not a valid IPv4 or IPv6 address'],
    ['010.0.0.5', 'not a valid IPv4 or IPv6 address'],
    ['10.0.0.5; reboot', 'not a valid IPv4 or IPv6 address'],
    ['cafe', 'host names are not accepted'],
  ];
  for (const [text, reason] of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => refuses(() => validateCsEndpoint(text), 'cs_endpoint', 'refused', reason));
  }
});
