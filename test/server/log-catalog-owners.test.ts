/**
 * Whose log is whose: the catalog shows, per OS, the agent's own logs (read
 * only) and mobilityd's captures in its own log folder, each described as
 * such; on Windows every default folder comes from %ProgramData% as the
 * environment names it; a configured log cannot take a capture's name.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, programDataDir, type DaemonConfig, type LogCatalogEntry } from '../../server/core/config/daemon-config';
import { captureLogPath, LogCatalog } from '../../server/core/logs/log-catalog';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';
import { makeSandbox } from '../helpers/sandbox';

const PROGRAM_DATA = 'D:\\Data\\ProgramData';

function entriesOf(config: DaemonConfig): Map<string, LogCatalogEntry> {
  return new Map(LogCatalog.forConfig(config).entries().map((e) => [e.name, e]));
}

describe('log catalog: whose file each log is', () => {
  describe('Linux', () => {
    const config = { ...defaultConfig({}, 'linux'), stateDir: '/var/lib/mobilityd' };
    const logs = entriesOf(config);

    it('lists the captures, the agent logs and the audit log, in that order', () => {
      assert.deepEqual([...logs.keys()], ['installer', 'configurator', 'ua_install', 'installer_errors', 'audit']);
    });

    it("keeps mobilityd's captures in its own log folder, under its own names, described as its own", () => {
      assert.equal(logs.get('installer')!.path, '/var/log/mobilityd/installer-output.log');
      assert.equal(logs.get('configurator')!.path, '/var/log/mobilityd/configurator-output.log');
      for (const name of ['installer', 'configurator']) {
        assert.match(logs.get(name)!.description, /^mobilityd's own file: its capture of the output of /);
        assert.doesNotMatch(logs.get(name)!.path, /ASRUnifiedAgent|ua_install/);
      }
    });

    it("shows the agent's own logs as the agent's, read only", () => {
      assert.equal(logs.get('ua_install')!.path, '/var/log/ua_install.log');
      assert.equal(logs.get('installer_errors')!.path, '/var/log/InstallerErrors.json');
      for (const name of ['ua_install', 'installer_errors']) {
        assert.match(logs.get(name)!.description, /written by the agent's own programs; mobilityd only reads it$/);
      }
    });

    it('follows --log-dir, under the root', () => {
      const moved = { ...config, root: '/sandbox', logDir: '/srv/logs' };
      assert.equal(captureLogPath(moved, 'installer'), '/sandbox/srv/logs/installer-output.log');
      assert.equal(entriesOf(moved).get('configurator')!.path, '/sandbox/srv/logs/configurator-output.log');
      assert.equal(entriesOf(moved).get('ua_install')!.path, '/sandbox/var/log/ua_install.log');
    });
  });

  describe('Windows', () => {
    const config = defaultConfig({ ProgramData: PROGRAM_DATA }, 'win32');
    const logs = entriesOf(config);

    it('takes the state and log folders from %ProgramData%', () => {
      assert.equal(config.platform, 'windows');
      assert.equal(config.programData, PROGRAM_DATA);
      assert.equal(config.stateDir, 'D:\\Data\\ProgramData\\mobilityd\\state');
      assert.equal(config.logDir, 'D:\\Data\\ProgramData\\mobilityd\\logs');
    });

    it('finds ProgramData whatever its case, else ALLUSERSPROFILE; nothing when neither is set', () => {
      assert.equal(programDataDir({ PROGRAMDATA: 'E:\\PD' }), 'E:\\PD');
      assert.equal(programDataDir({ ALLUSERSPROFILE: 'F:\\AllUsers' }), 'F:\\AllUsers');
      const bare = defaultConfig({}, 'win32');
      assert.deepEqual([bare.programData, bare.stateDir, bare.logDir], ['', '', '']);
    });

    it("lists mobilityd's captures in its log folder and the ASRSetupLogs files as the agent's", () => {
      assert.deepEqual([...logs.keys()], ['installer', 'configurator', 'asr_installer', 'asr_configurator', 'audit']);
      assert.equal(logs.get('installer')!.path, 'D:\\Data\\ProgramData\\mobilityd\\logs\\installer-output.log');
      assert.equal(logs.get('configurator')!.path, 'D:\\Data\\ProgramData\\mobilityd\\logs\\configurator-output.log');
      assert.equal(logs.get('asr_installer')!.path, 'D:\\Data\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentInstaller.log');
      assert.equal(logs.get('asr_configurator')!.path, 'D:\\Data\\ProgramData\\ASRSetupLogs\\ASRUnifiedAgentConfigurator.log');
      assert.match(logs.get('installer')!.description, /^mobilityd's own file/);
      assert.match(logs.get('asr_installer')!.description, /^The agent's installer log .*mobilityd only reads it$/);
      assert.match(logs.get('asr_configurator')!.description, /^The agent's configurator log .*mobilityd only reads it$/);
    });

    it('never names a drive the environment did not give', () => {
      for (const entry of logs.values()) if (entry.name !== 'audit') assert.ok(entry.path.startsWith(PROGRAM_DATA), entry.path);
    });
  });

  describe('configured logs', () => {
    it('cannot take the name of a capture; an agent log can be pointed elsewhere', () => {
      const sandbox = makeSandbox();
      try {
        const file = path.join(sandbox.dir, 'config.json');
        for (const name of ['installer', 'configurator']) {
          fs.writeFileSync(file, JSON.stringify({ extraLogs: [{ name, path: '/var/log/ua_install.log', description: 'x' }] }));
          assert.throws(
            () => parseDaemonArgs(['--config', file]),
            (err: Error) => err instanceof UsageError && new RegExp(`cannot name a log "${name}": that is mobilityd's own capture .*choose another name`).test(err.message),
          );
        }
        fs.writeFileSync(file, JSON.stringify({ extraLogs: [{ name: 'ua_install', path: '/var/log/asr-install.log', description: 'the -l file' }] }));
        const parsed = parseDaemonArgs(['--config', file]);
        assert.ok(parsed.kind === 'run');
        assert.equal(LogCatalog.forConfig(parsed.config).resolve('ua_install').path, '/var/log/asr-install.log');
      } finally {
        sandbox.remove();
      }
    });
  });
});
