/**
 * GetStatus of a Windows host, from an in-memory registry and service table:
 * the agent's uninstall and product keys, its services and their memory, and
 * the parsers of reg.exe, sc.exe and tasklist output.
 */
import { timestampDate } from '@bufbuild/protobuf/wkt';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { OsFamily, RegistrationState } from '../../gen/mobility/v1/agent_control_pb';
import { WINDOWS_PRODUCT_KEY, WINDOWS_UNINSTALL_KEYS } from '../../server/core/agent/agent-probe';
import { defaultConfig, type DaemonConfig } from '../../server/core/config/daemon-config';
import { LogCatalog } from '../../server/core/logs/log-catalog';
import { parseRegQueryValue } from '../../server/core/os/reg-exe-reader';
import { WINDOWS_VERSION_KEY } from '../../server/core/os/windows-os';
import { parseScQueryEx, parseTasklistMemory, type ServiceState } from '../../server/core/processes/windows-services';
import { readHostStatus, type StatusContext } from '../../server/core/status/host-status';
import { MOBILITYD_VERSION } from '../../contract/version';
import { processNamed } from '../helpers/agent-processes';
import { memoryRegistry } from '../helpers/memory-registry';

describe('GetStatus', () => {
  describe('a Windows host (in-memory registry and services)', () => {
    const UNINSTALL_WOW = WINDOWS_UNINSTALL_KEYS[1];
    const VERSION = { ProductName: 'Windows Server 2016 Datacenter', CurrentBuild: '14393' };

    function windowsContext(registry: Record<string, Record<string, string>>, services: Record<string, ServiceState>): StatusContext {
      const config: DaemonConfig = { ...defaultConfig({ ProgramData: 'C:\\ProgramData' }, 'win32'), root: '/nonexistent-root', stateDir: '/nonexistent-state' };
      return {
        config,
        catalog: LogCatalog.forConfig(config),
        daemon: { version: MOBILITYD_VERSION, startTime: new Date(), pid: 1, listenAddresses: () => ['127.0.0.1:1'] },
        windows: { registry: memoryRegistry(registry), services: { query: async (name) => services[name] } },
      };
    }

    it('reports a Windows host without the agent', async () => {
      const status = await readHostStatus(windowsContext({ [WINDOWS_VERSION_KEY]: VERSION }, {}));
      assert.equal(status.os?.family, OsFamily.WINDOWS);
      assert.equal(status.os?.installerOsTag, 'Windows');
      assert.equal(status.agent?.installed, false);
      assert.equal(status.agent?.registration, RegistrationState.NOT_INSTALLED);
      assert.deepEqual(
        status.processes.map((p) => [p.name, p.running]),
        [
          ['svagents', false],
          ['frsvc', false],
          ['InMage Scout Application Service', false],
        ],
      );
      assert.deepEqual(
        status.logs.map((l) => [l.name, l.present]),
        [
          ['installer', false],
          ['configurator', false],
          ['asr_installer', false],
          ['asr_configurator', false],
          ['audit', false],
        ],
      );
    });

    it('reads install and registration from the uninstall and InMage keys, and services with their memory', async () => {
      const status = await readHostStatus(
        windowsContext(
          {
            [WINDOWS_VERSION_KEY]: VERSION,
            [UNINSTALL_WOW]: { DisplayVersion: '9.30.5407.1', InstallDate: '20191022' },
            [WINDOWS_PRODUCT_KEY]: {
              PostInstallActions: 'Succeeded',
              AgentConfigurationStatus: 'Succeeded',
              Version: '9.30.0.0',
              InstallDirectory: 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery',
            },
          },
          { svagents: { running: true, pid: 4242, rssBytes: 300 * 1024 * 1024 }, frsvc: { running: false } },
        ),
      );
      assert.equal(status.agent?.installed, true);
      assert.equal(status.agent?.version, '9.30.0.0');
      assert.equal(status.agent?.installLocation, 'C:\\Program Files (x86)\\Microsoft Azure Site Recovery');
      assert.equal(status.agent?.registration, RegistrationState.REGISTERED);
      assert.equal(status.agent?.source, WINDOWS_PRODUCT_KEY);
      assert.equal(timestampDate(status.agent!.installTime!).toISOString(), '2019-10-22T00:00:00.000Z');
      const svagents = processNamed(status, 'svagents');
      assert.deepEqual([svagents.running, svagents.pids, svagents.rssBytes], [true, [4242], 300n * 1024n * 1024n]);
      const expected = ((300 * 1024 * 1024) / os.totalmem()) * 100;
      assert.ok(Math.abs(status.agent!.memoryPercent - expected) < 1e-9);
      assert.equal(processNamed(status, 'frsvc').running, false);
    });

    it('treats unfinished post-install actions as not installed, and a failed configuration as FAILED', async () => {
      const keys = (post: string, config: string): Record<string, Record<string, string>> => ({
        [WINDOWS_VERSION_KEY]: VERSION,
        [WINDOWS_UNINSTALL_KEYS[0]]: { DisplayVersion: '9.30.5407.1' },
        [WINDOWS_PRODUCT_KEY]: { PostInstallActions: post, AgentConfigurationStatus: config },
      });
      const unfinished = await readHostStatus(windowsContext(keys('Failed', 'Succeeded'), {}));
      assert.equal(unfinished.agent?.installed, false);
      assert.equal(unfinished.agent?.registration, RegistrationState.NOT_INSTALLED);
      const failed = await readHostStatus(windowsContext(keys('Succeeded', 'Failed'), {}));
      assert.equal(failed.agent?.installed, true);
      assert.equal(failed.agent?.registration, RegistrationState.FAILED);
    });

    it('parses reg.exe, sc.exe and tasklist output', () => {
      const reg = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    ProductName    REG_SZ    Windows Server 2012 R2 Standard\r\n\r\n';
      assert.equal(parseRegQueryValue(reg, 'ProductName'), 'Windows Server 2012 R2 Standard');
      assert.equal(parseRegQueryValue('    InstallDate    REG_DWORD    0x5da4e3f0\r\n', 'InstallDate'), String(0x5da4e3f0));
      assert.equal(parseRegQueryValue(reg, 'CurrentBuild'), undefined);
      const sc =
        'SERVICE_NAME: svagents\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n' +
        '        STATE              : 4  RUNNING\r\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\r\n' +
        '        WIN32_EXIT_CODE    : 0  (0x0)\r\n        PID                : 2468\r\n        FLAGS              :\r\n';
      assert.deepEqual(parseScQueryEx(sc), { running: true, pid: 2468 });
      assert.deepEqual(parseScQueryEx(sc.replace('4  RUNNING', '1  STOPPED').replace('2468', '0')), { running: false, pid: undefined });
      assert.equal(parseTasklistMemory('"svagents.exe","2468","Services","0","123,456 K"\r\n'), 123456 * 1024);
    });
  });
});
