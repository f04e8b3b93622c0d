/**
 * The SAMPLE Vx/bin/UnifiedAgentConfigurator.sh, run for real after a sample install:
 * registration, a wrong or missing passphrase, bad arguments, against docs/installer-contract.md.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RegistrationState } from '../../gen/mobility/v1/agent_control_pb';
import { parseVxVersion } from '../../server/core/agent/vx-version';
import { useSampleRuns } from '../helpers/sample-installer-runs';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'Correct-Horse-Battery-Staple-42';

describe('sample installer packages', function () {
  const { sandbox, temp, vxFile, uaLog, configurator, readVx, vxKeys, run, freshInstall, writePassphraseFile, register } = useSampleRuns();

  describe('UnifiedAgentConfigurator.sh', () => {
    beforeEach(async () => {
      await freshInstall('9.30.0.0');
    });

    it('registers with the right passphrase: exit 0, Succeeded and CS_IP', async () => {
      setSamplePassphrase(sandbox(), PASSPHRASE);
      const result = await run(configurator(), ['-i', '10.20.30.40', '-P', writePassphraseFile(`  ${PASSPHRASE}\r\n\n`)]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.stdout, /Agent registered with configuration server 10\.20\.30\.40/);
      const vx = parseVxVersion(readVx());
      assert.equal(vx.registration, RegistrationState.REGISTERED);
      assert.equal(vx.csEndpoint, '10.20.30.40');
      assert.equal(vx.version, '9.30.0.0', 'the installer keys are kept');
      assert.equal(vxKeys().get('AGENT_CONFIGURATION_STATUS'), 'Succeeded');
      assert.ok(!result.output.includes(PASSPHRASE));
      assert.ok(!fs.readFileSync(uaLog(), 'utf8').includes(PASSPHRASE));
    });

    it('accepts IPv6 addresses', async () => {
      setSamplePassphrase(sandbox(), PASSPHRASE);
      for (const ip of ['2001:db8::5', '::ffff:10.0.0.1', 'fe80:0:0:0:0:0:0:1']) {
        const result = await register(ip, PASSPHRASE);
        assert.equal(result.code, 0, `${ip}: ${result.output}`);
        assert.equal(vxKeys().get('CS_IP'), ip);
      }
    });

    it('exit 14 and Failed with a wrong passphrase, never showing either passphrase', async () => {
      setSamplePassphrase(sandbox(), PASSPHRASE);
      const wrong = 'Wrong-Passphrase-0815';
      const result = await register('10.0.0.7', wrong);
      assert.equal(result.code, 14, result.output);
      assert.match(result.stderr, /Passphrase validation failed: configuration server 10\.0\.0\.7 rejected the passphrase/);
      assert.equal(parseVxVersion(readVx()).registration, RegistrationState.FAILED);
      assert.equal(vxKeys().get('AGENT_CONFIGURATION_STATUS'), 'Failed');
      for (const text of [result.output, fs.readFileSync(uaLog(), 'utf8'), readVx()]) {
        assert.ok(!text.includes(wrong));
        assert.ok(!text.includes(PASSPHRASE));
      }
    });

    it('exit 14 when the sample configuration server has no passphrase configured', async () => {
      const result = await register('10.0.0.7', PASSPHRASE);
      assert.equal(result.code, 14, result.output);
      assert.match(result.stderr, /the sample configuration server has no passphrase configured/);
      assert.equal(vxKeys().get('AGENT_CONFIGURATION_STATUS'), 'Failed');
      assert.ok(!result.output.includes(PASSPHRASE));
    });

    const badArgs: [string, () => string[], RegExp][] = [
      ['a host name for -i', () => ['-i', 'cs.example.com', '-P', writePassphraseFile(PASSPHRASE)], /-i must be .* got 'cs\.example\.com'/],
      ['an IPv4 octet over 255', () => ['-i', '10.0.0.256', '-P', writePassphraseFile(PASSPHRASE)], /got '10\.0\.0\.256'/],
      ['three IPv4 octets', () => ['-i', '10.0.1', '-P', writePassphraseFile(PASSPHRASE)], /got '10\.0\.1'/],
      ['two :: in IPv6', () => ['-i', '2001::db8::1', '-P', writePassphraseFile(PASSPHRASE)], /got '2001::db8::1'/],
      ['no -i', () => ['-P', writePassphraseFile(PASSPHRASE)], /-i <configuration server IP> is required/],
      ['a relative -P', () => ['-i', '10.0.0.1', '-P', 'passphrase.txt'], /-P needs the passphrase file's full path/],
      ['a missing -P file', () => ['-i', '10.0.0.1', '-P', path.join(temp(), 'none.txt')], /is not a readable file/],
      ['an empty passphrase file', () => ['-i', '10.0.0.1', '-P', writePassphraseFile(' \n')], /is empty/],
      ['an unknown option', () => ['-i', '10.0.0.1', '-P', writePassphraseFile(PASSPHRASE), '-c', 'CSPrime'], /unknown option -c/],
    ];
    for (const [what, args, message] of badArgs) {
      it(`exit 96 for ${what}`, async () => {
        setSamplePassphrase(sandbox(), PASSPHRASE);
        const before = readVx();
        const result = await run(configurator(), args());
        assert.equal(result.code, 96, result.output);
        assert.match(result.stderr, message);
        assert.equal(readVx(), before);
        assert.ok(!result.output.includes(PASSPHRASE));
      });
    }

    it('exit 1 when the agent is not installed', async () => {
      fs.rmSync(vxFile());
      setSamplePassphrase(sandbox(), PASSPHRASE);
      const result = await register('10.0.0.1', PASSPHRASE);
      assert.equal(result.code, 1, result.output);
      assert.match(result.stderr, /not installed/);
    });
  });
});
