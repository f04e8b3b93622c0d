/**
 * The SAMPLE ./install over an installed agent, run for real: upgrade, downgrade, a changed
 * platform or major version, the same version again, against docs/installer-contract.md.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentRole, RegistrationState } from '../../gen/mobility/v1/agent_control_pb';
import { parseVxVersion } from '../../server/core/agent/vx-version';
import { useSampleRuns } from '../helpers/sample-installer-runs';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'Correct-Horse-Battery-Staple-42';

describe('sample installer packages', function () {
  const { sandbox, location, configurator, readVx, vxKeys, install, freshInstall, register } = useSampleRuns();

  describe('upgrade', () => {
    it('9.30 → 9.40 with only -v and -q keeps the location, role and registration', async () => {
      await freshInstall('9.30.0.0');
      setSamplePassphrase(sandbox(), PASSPHRASE);
      const registered = await register('10.1.2.3', PASSPHRASE);
      assert.equal(registered.code, 0, registered.output);
      const result = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.log);
      assert.match(result.log, /Upgrading the Mobility service agent from 9\.30\.0\.0 to 9\.40\.0\.0/);
      assert.match(result.log, /All prerequisite checks passed/);
      const vx = parseVxVersion(readVx());
      assert.equal(vx.version, '9.40.0.0');
      assert.equal(vx.installLocation, location());
      assert.equal(vx.role, AgentRole.MOBILITY_SERVICE);
      assert.equal(vx.registration, RegistrationState.REGISTERED);
      assert.equal(vx.csEndpoint, '10.1.2.3');
      assert.equal(vxKeys().get('AGENT_CONFIGURATION_STATUS'), 'Succeeded');
      assert.match(fs.readFileSync(path.join(location(), 'Vx', 'VERSION'), 'utf8'), /VERSION=9\.40\.0\.0/);
      assert.match(fs.readFileSync(path.join(location(), 'Vx', 'install'), 'utf8'), /SAMPLE_VERSION='9\.40\.0\.0'/);
    });

    it('exit 96 when an upgrade is given -d or -r, leaving the agent as it was', async () => {
      await freshInstall('9.30.0.0');
      const before = readVx();
      for (const args of [['-d', location(), '-v', 'VmWare', '-q'], ['-r', 'MS', '-v', 'VmWare', '-q'], ['-q']]) {
        const result = await install('9.40.0.0', args);
        assert.equal(result.code, 96, result.log);
        assert.match(result.log, /Invalid arguments: /);
      }
      assert.equal(readVx(), before);
    });

    /** Over an installed 9.30 for VmWare: packages the installer refuses, or has nothing to do for. */
    const unchanged: Array<{ what: string; version: string; platform: string; code: number; message: RegExp }> = [
      {
        what: 'exit 15 for a downgrade (9.22 over 9.30)',
        version: '9.22.0.0',
        platform: 'VmWare',
        code: 15,
        message: /Downgrade not supported: the installed agent 9\.30\.0\.0 is newer than this package \(9\.22\.0\.0\)/,
      },
      {
        what: 'exit 11 when the upgrade would change the platform',
        version: '9.40.0.0',
        platform: 'Azure',
        code: 11,
        message: /Upgrade not supported: the installed agent's platform is VmWare and an upgrade cannot change it to Azure/,
      },
      {
        what: 'exit 0 and no change when the same version is installed again',
        version: '9.30.0.0',
        platform: 'VmWare',
        code: 0,
        message: /already installed .* nothing to do/,
      },
    ];
    for (const { what, version, platform, code, message } of unchanged) {
      it(what, async () => {
        await freshInstall('9.30.0.0');
        const before = readVx();
        const result = await install(version, ['-v', platform, '-q']);
        assert.equal(result.code, code, result.log);
        assert.match(result.log, message);
        assert.equal(readVx(), before);
        assert.ok(!fs.existsSync(path.join(location(), '.install.lck')), 'no lock is left behind');
      });
    }

    it('exit 11 from another major version or an unreadable installed version', async () => {
      sandbox().write('/usr/local/.vx_version', `VERSION=8.5.0.0\nINSTALLATION_DIR=${location()}/Vx\nROLE=MS\nPLATFORM=VmWare\n`);
      const major = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(major.code, 11, major.log);
      assert.match(major.log, /Upgrade not supported: the installed agent 8\.5\.0\.0 cannot be upgraded to 9\.40\.0\.0 across major versions/);

      sandbox().write('/usr/local/.vx_version', 'ROLE=MS\n');
      const unreadable = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(unreadable.code, 11, unreadable.log);
      assert.match(unreadable.log, /cannot read the installed agent's version/);
    });

    it('resolves a host-path INSTALLATION_DIR under the root instead of writing outside it', async () => {
      sandbox().write('/usr/local/.vx_version', 'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\nCS_IP=10.0.0.9\n');
      const result = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.log);
      assert.ok(fs.existsSync(configurator()));
      assert.equal(vxKeys().get('CS_IP'), '10.0.0.9');
      assert.equal(vxKeys().get('VERSION'), '9.40.0.0');
    });
  });
});
