/**
 * The SAMPLE ./install on a host without the agent, run for real over a sandbox host root:
 * exit codes, output and the files left behind against docs/installer-contract.md.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentRole, Platform, RegistrationState } from '../../gen/mobility/v1/agent_control_pb';
import { parseVxVersion } from '../../server/core/agent/vx-version';
import { deadPid } from '../helpers/process-scan';
import { useSampleRuns } from '../helpers/sample-installer-runs';
import { setSampleFaults } from '../helpers/sample-packages';

describe('sample installer packages', function () {
  const { sandbox, location, vxFile, uaLog, configurator, readVx, vxKeys, install, freshArgs } = useSampleRuns();

  describe('install', () => {
    it('fresh install: exit 0, the recognised lines, .vx_version and the agent folder', async () => {
      const before = Date.now();
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.log);
      const markers = ['Running prerequisite checks', 'All prerequisite checks passed', 'Installing Mobility service agent'];
      const positions = markers.map((m) => result.log.indexOf(m));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), result.log);
      assert.match(result.log, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[install\] INFO: /m);
      assert.match(result.log, /SAMPLE package, not the Microsoft installer/);
      assert.match(result.log, /Checking FreeDiskSpace \.\.\. passed/);
      assert.doesNotMatch(result.log, /VSS|Prerequisite check failed/i);
      assert.equal(result.stderr, '');

      const vx = parseVxVersion(readVx());
      assert.equal(vx.version, '9.30.0.0');
      assert.equal(vx.installLocation, location());
      assert.equal(vx.role, AgentRole.MOBILITY_SERVICE);
      assert.equal(vx.platform, Platform.VMWARE);
      assert.equal(vx.registration, RegistrationState.NOT_REGISTERED);
      assert.ok(vx.installTime && vx.installTime.getTime() >= Math.floor(before / 1000) * 1000 - 1000, String(vx.installTime));
      assert.equal(vxKeys().get('INSTALLATION_DIR'), path.join(location(), 'Vx'));

      const bin = configurator();
      assert.ok(fs.statSync(bin).mode & 0o100, 'the configurator is executable');
      assert.ok(fs.statSync(path.join(location(), 'Vx', 'install')).mode & 0o100);
      assert.match(fs.readFileSync(path.join(location(), 'Vx', 'VERSION'), 'utf8'), /VERSION=9\.30\.0\.0/);
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')), 'the lock is released');
      const log = fs.readFileSync(uaLog(), 'utf8');
      assert.match(log, /All prerequisite checks passed/);
      assert.match(log, /installed successfully/);
    });

    it('installs a master target for Azure, and logs to the -l file instead of ua_install.log', async () => {
      const logFile = sandbox().path('/var/log/custom/install.log');
      const result = await install('9.40.0.0', [...freshArgs('MT', 'Azure'), '-l', logFile]);
      assert.equal(result.code, 0, result.log);
      const vx = parseVxVersion(readVx());
      assert.equal(vx.role, AgentRole.MASTER_TARGET);
      assert.equal(vx.platform, Platform.AZURE);
      assert.match(fs.readFileSync(logFile, 'utf8'), /All prerequisite checks passed/);
      assert.ok(!fs.existsSync(uaLog()));
    });

    it('uses /usr/local/ASR under the root when -d is left out', async () => {
      const result = await install('9.30.0.0', ['-r', 'MS', '-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.log);
      assert.equal(parseVxVersion(readVx()).installLocation, location());
      assert.ok(fs.existsSync(configurator()));
    });

    const badFresh: [string, (loc: string) => string[], RegExp][] = [
      ['no options at all', () => [], /-r <MS\|MT> is required/],
      ['no -r', (loc) => ['-d', loc, '-v', 'VmWare', '-q'], /-r <MS\|MT> is required/],
      ['no -v', (loc) => ['-d', loc, '-r', 'MS', '-q'], /-v <VmWare\|Azure> is required/],
      ['role Agent (newer docs spelling)', (loc) => ['-d', loc, '-r', 'Agent', '-v', 'VmWare', '-q'], /-r must be MS .* got 'Agent'/],
      ['platform Hyper-V', (loc) => ['-d', loc, '-r', 'MS', '-v', 'Hyper-V', '-q'], /-v must be VmWare .* got 'Hyper-V'/],
      ['an unknown option', (loc) => ['-d', loc, '-r', 'MS', '-v', 'VmWare', '-q', '-x'], /unknown option -x/],
      ['-v without its value', (loc) => ['-d', loc, '-r', 'MS', '-v'], /option -v needs a value/],
      ['a relative -d', () => ['-d', 'usr/local/ASR', '-r', 'MS', '-v', 'VmWare', '-q'], /-d needs an absolute folder path/],
      ['-d outside the host root', () => ['-d', '/usr/local/ASR', '-r', 'MS', '-v', 'VmWare', '-q'], /outside the host root/],
      ['a stray argument', (loc) => ['-d', loc, '-r', 'MS', '-v', 'VmWare', '-q', 'now'], /unexpected argument 'now'/],
    ];
    for (const [what, args, message] of badFresh) {
      it(`exit 96 for ${what}, touching nothing`, async () => {
        const result = await install('9.30.0.0', args(location()));
        assert.equal(result.code, 96, result.log);
        assert.match(result.log, /ERROR: Invalid arguments: /);
        assert.match(result.log, message);
        assert.match(result.log, /Usage: \.\/install -d <install location> -r <MS\|MT> -v <VmWare\|Azure> -q/);
        assert.ok(!fs.existsSync(vxFile()));
        assert.ok(!fs.existsSync(location()));
      });
    }

    it('exit 99 when prerequisites are not met, naming each failed check', async () => {
      setSampleFaults(sandbox(), ['prereq']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 99, result.log);
      assert.match(result.log, /Running prerequisite checks/);
      assert.match(result.log, /Prerequisite check failed: FreeDiskSpace - .*2048 MB/);
      assert.match(result.log, /Prerequisite check failed: GrubDeviceNames - /);
      assert.equal(result.log.match(/Prerequisite check failed: /g)?.length, 2);
      assert.doesNotMatch(result.log, /All prerequisite checks passed|Installing Mobility service agent/);
      assert.ok(!fs.existsSync(vxFile()));
      assert.ok(!fs.existsSync(location()), 'the location folder the run created is removed again');
      assert.match(fs.readFileSync(uaLog(), 'utf8'), /Prerequisite check failed: FreeDiskSpace/);
    });

    it('reads faults from MOBILITY_SAMPLE_FAULTS and from the fault file with comments', async () => {
      const fromEnv = await install('9.30.0.0', freshArgs(), { envFaults: ' errors , bogus ' });
      assert.equal(fromEnv.code, 97, fromEnv.log);
      assert.match(fromEnv.log, /ignoring unknown sample fault 'bogus'/);
      sandbox().write('/etc/mobility-sample/faults', '# demo faults\n\n  PREREQ  # loud\n');
      const fromFile = await install('9.30.0.0', freshArgs());
      assert.equal(fromFile.code, 99, fromFile.log);
      assert.match(fromFile.log, /SAMPLE faults active: prereq/);
    });

    it('exit 98 when the VSS provider fails on 9.23 and later: installed with warnings', async () => {
      setSampleFaults(sandbox(), ['vss']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 98, result.log);
      const start = result.log.indexOf('Installing VSS provider');
      assert.ok(start > result.log.indexOf('All prerequisite checks passed'), result.log);
      assert.match(result.log, /VSS provider installation failed with exit code 517/);
      assert.match(result.log, /installed in .* with warnings/);
      assert.equal(parseVxVersion(readVx()).version, '9.30.0.0');
    });

    it('exit 97 when the VSS provider fails on 9.22 and earlier: nothing installed', async () => {
      setSampleFaults(sandbox(), ['vss']);
      const result = await install('9.22.0.0', freshArgs());
      assert.equal(result.code, 97, result.log);
      assert.match(result.log, /Installing VSS provider/);
      assert.match(result.log, /VSS provider installation failed with exit code 517/);
      assert.ok(!fs.existsSync(vxFile()));
      assert.ok(!fs.existsSync(location()));
    });

    it('exit 97 with the errors fault', async () => {
      setSampleFaults(sandbox(), ['errors']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.log);
      assert.match(result.log, /Installation failed with errors/);
      assert.match(result.log, /All prerequisite checks passed/);
      assert.ok(!fs.existsSync(vxFile()));
    });

    it('exit 97 with the lock fault', async () => {
      setSampleFaults(sandbox(), ['lock']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.log);
      assert.match(result.log, /Another installation is running: .*\.install\.lck/);
      assert.doesNotMatch(result.log, /Running prerequisite checks/);
    });

    it('exit 97 while a running process holds .install.lck, which is left alone', async () => {
      const lock = path.join(location(), '.install.lck');
      sandbox().write('/usr/local/ASR/.install.lck', `${process.pid}\n`);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.log);
      assert.match(result.log, new RegExp(`held by process ${process.pid}`));
      assert.equal(fs.readFileSync(lock, 'utf8'), `${process.pid}\n`);
      assert.ok(!fs.existsSync(vxFile()));
    });

    it('replaces a stale lock whose process is gone', async () => {
      sandbox().write('/usr/local/ASR/.install.lck', `${deadPid()}\n`);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.log);
      assert.match(result.log, /Removing the stale lock file/);
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')));
    });
  });
});
