/**
 * GetStatus through a real daemon over real gRPC: the agent's files, the OS,
 * the logs and real agent-named processes, each read when the call arrives.
 * The process-table cache and the Windows adapters are tested below directly.
 */
import { timestampDate } from '@bufbuild/protobuf/wkt';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AgentRole,
  OsFamily,
  Platform,
  RegistrationState,
  SupportStatus,
  type AgentProcess,
  type GetStatusResponse,
} from '../gen/mobility/v1/agent_control_pb';
import { WINDOWS_PRODUCT_KEY, WINDOWS_UNINSTALL_KEYS } from '../server/core/agent/agent-probe';
import { defaultConfig, type DaemonConfig } from '../server/core/config/daemon-config';
import { LogCatalog } from '../server/core/logs/log-catalog';
import { parseRegQueryValue } from '../server/core/os/reg-exe-reader';
import { WINDOWS_VERSION_KEY } from '../server/core/os/windows-os';
import { LinuxProcessTable } from '../server/core/processes/process-table';
import { parseScQueryEx, parseTasklistMemory, type ServiceState } from '../server/core/processes/windows-services';
import { readHostStatus, type StatusContext } from '../server/core/status/host-status';
import { MOBILITYD_VERSION } from '../server/core/version';
import { memoryRegistry } from './helpers/memory-registry';
import { makeSandbox, type Sandbox } from './helpers/sandbox';
import { startTestDaemon, type TestDaemon } from './helpers/test-daemon';

const VX = '/usr/local/.vx_version';
const RHEL7_OS_RELEASE = fs.readFileSync(path.join(__dirname, 'fixtures/os-release/rhel-7/os-release'), 'utf8');

const processNamed = (status: GetStatusResponse, name: string): AgentProcess => {
  const found = status.processes.find((p) => p.name === name);
  assert.ok(found, `a process entry for ${name}`);
  return found;
};

describe('GetStatus', () => {
  describe('the agent, from /usr/local/.vx_version', () => {
    let t: TestDaemon;
    before(async () => (t = await startTestDaemon()));
    after(() => t.stop());
    beforeEach(() => fs.rmSync(t.sandbox.path(VX), { force: true }));

    it('reports the agent not installed when there is no .vx_version', async () => {
      const { agent } = await t.client.getStatus();
      assert.equal(agent?.installed, false);
      assert.equal(agent?.registration, RegistrationState.NOT_INSTALLED);
      assert.equal(agent?.version, '');
      assert.equal(agent?.source, '');
    });

    it('reads version, role, platform and install location; never configured means NOT_REGISTERED', async () => {
      t.sandbox.write(VX, 'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\n');
      const { agent } = await t.client.getStatus();
      assert.equal(agent?.installed, true);
      assert.equal(agent?.version, '9.30.0.0');
      assert.equal(agent?.role, AgentRole.MOBILITY_SERVICE);
      assert.equal(agent?.platform, Platform.VMWARE);
      assert.equal(agent?.installLocation, '/usr/local/ASR');
      assert.equal(agent?.registration, RegistrationState.NOT_REGISTERED);
      assert.equal(agent?.csEndpoint, '');
      assert.equal(agent?.source, VX);
      assert.equal(agent?.installTime, undefined);
    });

    it('reports REGISTERED and the configuration server once AGENT_CONFIGURATION_STATUS=Succeeded', async () => {
      t.sandbox.write(
        VX,
        'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\nCS_IP=10.0.0.5\nAGENT_CONFIGURATION_STATUS=Succeeded\n',
      );
      const { agent } = await t.client.getStatus();
      assert.equal(agent?.registration, RegistrationState.REGISTERED);
      assert.equal(agent?.csEndpoint, '10.0.0.5');
    });

    it('accepts the key variants of other agent versions (INSTALL_DIR, CSIP, Agent/MasterTarget, INSTALL_TIME)', async () => {
      t.sandbox.write(
        VX,
        'PROD_VERSION=9.31.0.0\nINSTALL_DIR = /opt/ASR/Vx/\nROLE=MasterTarget\nPLATFORM=Azure\nCSIP="10.1.2.3"\n' +
          'AGENT_CONFIGURATION_STATUS=Succeeded\nINSTALL_TIME=2020-01-02T03:04:05Z\n',
      );
      const { agent } = await t.client.getStatus();
      assert.equal(agent?.version, '9.31.0.0');
      assert.equal(agent?.installLocation, '/opt/ASR');
      assert.equal(agent?.role, AgentRole.MASTER_TARGET);
      assert.equal(agent?.platform, Platform.AZURE);
      assert.equal(agent?.csEndpoint, '10.1.2.3');
      assert.equal(timestampDate(agent!.installTime!).toISOString(), '2020-01-02T03:04:05.000Z');
      t.sandbox.write(VX, 'VERSION=9.31.0.0\nROLE=Agent\n');
      assert.equal((await t.client.getStatus()).agent?.role, AgentRole.MOBILITY_SERVICE);
    });

    it('reports FAILED when the last configuration failed', async () => {
      t.sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Failed\n');
      assert.equal((await t.client.getStatus()).agent?.registration, RegistrationState.FAILED);
    });

    it('tells the truth at call time: every change between two calls shows in the second', async () => {
      const registration = async () => (await t.client.getStatus()).agent;
      assert.equal((await registration())?.registration, RegistrationState.NOT_INSTALLED);
      t.sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Failed\n');
      assert.equal((await registration())?.registration, RegistrationState.FAILED);
      t.sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Succeeded\n');
      assert.equal((await registration())?.registration, RegistrationState.REGISTERED);
      // Same size, same second: only the content differs.
      t.sandbox.write(VX, 'VERSION=9.31.0.0\nAGENT_CONFIGURATION_STATUS=Succeeded\n');
      assert.equal((await registration())?.version, '9.31.0.0');
      fs.rmSync(t.sandbox.path(VX));
      assert.equal((await registration())?.installed, false);

      t.sandbox.write('/etc/os-release', RHEL7_OS_RELEASE);
      assert.equal((await t.client.getStatus()).os?.installerOsTag, 'RHEL7-64');
    });
  });

  describe('the operating system', () => {
    it('gives the installer tag of the sandbox OS (RHEL 7 → RHEL7-64)', async () => {
      const t = await startTestDaemon({ sandbox: makeSandbox(RHEL7_OS_RELEASE) });
      try {
        const { os: info } = await t.client.getStatus();
        assert.equal(info?.family, OsFamily.LINUX);
        assert.equal(info?.name, 'Red Hat Enterprise Linux Server');
        assert.equal(info?.version, '7.9');
        assert.equal(info?.prettyName, 'Red Hat Enterprise Linux Server 7.9 (Maipo)');
        assert.equal(info?.architecture, os.machine());
        assert.equal(info?.installerOsTag, 'RHEL7-64');
        assert.equal(info?.support, SupportStatus.SUPPORTED);
        assert.equal(info?.source, '/etc/os-release');
        assert.equal(info?.sampleHost, false);
      } finally {
        await t.stop();
        t.sandbox.remove();
      }
    });

    it('answers (unsupported, with the reason) for a root without any OS file', async () => {
      const t = await startTestDaemon({ sandbox: makeSandbox('') });
      try {
        const { os: info, agent } = await t.client.getStatus();
        assert.equal(info?.family, OsFamily.LINUX);
        assert.equal(info?.support, SupportStatus.UNSUPPORTED);
        assert.match(info?.supportReason ?? '', /^cannot identify the operating system: no \/etc\/os-release/);
        assert.equal(agent?.installed, false);
      } finally {
        await t.stop();
        t.sandbox.remove();
      }
    });

    it('answers PERMISSION_DENIED, naming the file, when a release file exists but cannot be read', async () => {
      const sandbox = makeSandbox();
      try {
        const result = await statusAsUnprivilegedUser(sandbox, '/etc/os-release');
        assert.equal(result.code, 7, `PERMISSION_DENIED expected, got ${JSON.stringify(result)}`);
        assert.match(result.details ?? '', /cannot read the OS release file .*\/etc\/os-release \(permission denied\)/);
      } finally {
        sandbox.remove();
      }
    });
  });

  describe('the logs of the catalog', () => {
    let t: TestDaemon;
    before(async () => (t = await startTestDaemon()));
    after(() => t.stop());

    it('reports each log present or absent, with its size and last write, in catalog order', async () => {
      fs.writeFileSync(t.logPath('installer'), 'line one\nline two\n');
      const { logs } = await t.client.getStatus();
      assert.deepEqual(
        logs.map((l) => l.name),
        t.daemon.catalog.entries().map((e) => e.name),
      );
      const installer = logs.find((l) => l.name === 'installer')!;
      assert.equal(installer.present, true);
      assert.equal(installer.sizeBytes, 18n);
      assert.equal(installer.path, t.logPath('installer'));
      assert.ok(installer.description.length > 0);
      const mtime = fs.statSync(t.logPath('installer')).mtime;
      assert.equal(timestampDate(installer.modifiedTime!).getTime(), mtime.getTime());
      const configurator = logs.find((l) => l.name === 'configurator')!;
      assert.equal(configurator.present, false);
      assert.equal(configurator.sizeBytes, 0n);
      assert.equal(configurator.modifiedTime, undefined);
    });

    it('shows a log growing and disappearing between two calls', async () => {
      const file = t.logPath('configurator');
      fs.writeFileSync(file, 'a\n');
      const size = async () => (await t.client.getStatus()).logs.find((l) => l.name === 'configurator')!;
      assert.equal((await size()).sizeBytes, 2n);
      fs.appendFileSync(file, 'bc\n');
      assert.equal((await size()).sizeBytes, 5n);
      fs.rmSync(file);
      assert.equal((await size()).present, false);
    });
  });

  describe('the daemon and the host', () => {
    it('names the daemon answering and the machine', async () => {
      const t = await startTestDaemon();
      try {
        const before = Date.now();
        const status = await t.client.getStatus();
        const after = Date.now();
        assert.equal(status.daemon?.version, MOBILITYD_VERSION);
        assert.equal(status.daemon?.pid, process.pid);
        assert.deepEqual(status.daemon?.listenAddresses, [t.address]);
        assert.equal(status.daemon?.root, t.sandbox.root);
        const observed = timestampDate(status.observedTime!).getTime();
        assert.ok(observed >= before - 1 && observed <= after + 1, 'observed during the call');
        assert.ok(timestampDate(status.daemon!.startTime!).getTime() <= observed);
        assert.equal(status.host?.hostname, os.hostname());
        assert.equal(status.host?.memoryTotalBytes, BigInt(memTotalKiB('/proc/meminfo') * 1024));
        assert.deepEqual(
          status.processes.map((p) => p.name),
          ['vxagent', 'svagent', 'uarespawnd'],
        );
      } finally {
        await t.stop();
      }
    });
  });

  describe('agent processes (real processes named vxagent and svagent)', () => {
    let binDir: string;
    let t: TestDaemon;
    const children: ChildProcess[] = [];

    /** Starts a copy of /bin/sleep under an agent's name, so /proc/<pid>/comm says that name. */
    async function startAgentProcess(name: string): Promise<ChildProcess> {
      const file = path.join(binDir, name);
      if (!fs.existsSync(file)) fs.copyFileSync('/bin/sleep', file);
      fs.chmodSync(file, 0o755);
      const child = spawn(file, ['300'], { stdio: 'ignore' });
      children.push(child);
      await once(child, 'spawn');
      return child;
    }

    async function stop(child: ChildProcess): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }

    before(async () => {
      binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-agent-bin-'));
      // All started before the daemon's first scan: a process started later is
      // found by the next full scan, up to a second later (see the cache tests).
      await startAgentProcess('vxagent');
      await startAgentProcess('svagent');
      await startAgentProcess('svagent');
      t = await startTestDaemon();
    });

    after(async () => {
      await Promise.all(children.map(stop));
      await t?.stop();
      fs.rmSync(binDir, { recursive: true, force: true });
    });

    it('reports them running with their pids and their share of memory', async () => {
      const status = await t.client.getStatus();
      const memTotal = Number(status.host!.memoryTotalBytes);
      let agentRss = 0;
      const expectedPids = { vxagent: [children[0].pid], svagent: [children[1].pid, children[2].pid].sort((a, b) => a! - b!) };
      for (const [name, pids] of Object.entries(expectedPids)) {
        const proc = processNamed(status, name);
        assert.equal(proc.running, true, `${name} running`);
        assert.deepEqual(proc.pids, pids);
        assert.ok(proc.rssBytes > 0n, `${name} has resident memory`);
        assert.ok(proc.memoryPercent > 0, `${name} has a memory share`);
        assert.ok(Math.abs(proc.memoryPercent - (Number(proc.rssBytes) / memTotal) * 100) < 1e-9);
        agentRss += Number(proc.rssBytes);
      }
      const respawn = processNamed(status, 'uarespawnd');
      assert.equal(respawn.running, false);
      assert.deepEqual(respawn.pids, []);
      assert.ok(Math.abs(status.agent!.memoryPercent - (agentRss / memTotal) * 100) < 1e-9);
    });

    it('reports a process not running on the first call after it exited', async () => {
      const [vxagent, svagent, secondSvagent] = children;
      await stop(secondSvagent);
      const first = await t.client.getStatus();
      assert.deepEqual(processNamed(first, 'svagent').pids, [svagent.pid], 'the exited svagent is gone, the other remains');
      assert.equal(processNamed(first, 'svagent').running, true);

      await stop(vxagent);
      const second = await t.client.getStatus();
      assert.equal(processNamed(second, 'vxagent').running, false);
      assert.deepEqual(processNamed(second, 'vxagent').pids, []);
      assert.equal(processNamed(second, 'vxagent').rssBytes, 0n);
      assert.equal(processNamed(second, 'svagent').running, true);
    });
  });

  describe('memory share from a process root (procRoot)', () => {
    it('divides resident pages × page size by MemTotal, and does not count a zombie', async () => {
      const sandbox = makeSandbox();
      const procRoot = path.join(sandbox.dir, 'proc');
      const proc = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(procRoot, rel)), { recursive: true });
        fs.writeFileSync(path.join(procRoot, rel), text);
      };
      proc('meminfo', 'MemTotal:       10240 kB\nMemFree:         1024 kB\n');
      proc('101/comm', 'vxagent\n');
      proc('101/statm', '5000 256 100 1 0 300 0\n');
      proc('102/comm', 'vxagent\n');
      proc('102/statm', '4000 512 100 1 0 300 0\n');
      proc('103/comm', 'uarespawnd\n');
      proc('103/statm', '0 0 0 0 0 0 0\n');
      proc('104/comm', 'bash\n');
      proc('104/statm', '5000 256 100 1 0 300 0\n');
      const t = await startTestDaemon({ sandbox, config: { procRoot } });
      try {
        const status = await t.client.getStatus();
        const pageSize = 4096;
        assert.equal(status.host?.memoryTotalBytes, 10240n * 1024n);
        const vxagent = processNamed(status, 'vxagent');
        assert.deepEqual(vxagent.pids, [101, 102]);
        assert.equal(vxagent.rssBytes, BigInt(768 * pageSize));
        assert.ok(Math.abs(vxagent.memoryPercent - 30) < 1e-9, `768 of 2560 pages is 30 %, got ${vxagent.memoryPercent}`);
        assert.equal(processNamed(status, 'uarespawnd').running, false, 'a zombie is not running');
        assert.ok(Math.abs(status.agent!.memoryPercent - 30) < 1e-9);
      } finally {
        await t.stop();
        sandbox.remove();
      }
    });
  });

  describe('the process table cache', () => {
    let binDir: string;
    beforeEach(() => (binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-agent-bin-'))));
    afterEach(() => fs.rmSync(binDir, { recursive: true, force: true }));

    async function start(name: string): Promise<ChildProcess> {
      const file = path.join(binDir, name);
      fs.copyFileSync('/bin/sleep', file);
      fs.chmodSync(file, 0o755);
      const child = spawn(file, ['300'], { stdio: 'ignore' });
      await once(child, 'spawn');
      return child;
    }

    async function kill(child: ChildProcess): Promise<void> {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }

    it('rescans /proc at most once a second, and at once when a known pid is gone (a restart is seen at once)', async () => {
      let now = 0;
      const table = new LinuxProcessTable('/proc', ['uarespawnd'], () => now);
      assert.deepEqual((await table.sample(4096))[0].pids, []);
      const first = await start('uarespawnd');
      let second: ChildProcess | undefined;
      try {
        now = 999;
        assert.deepEqual((await table.sample(4096))[0].pids, [], 'no full scan within the second');
        now = 1000;
        assert.deepEqual((await table.sample(4096))[0].pids, [first.pid]);
        // The agent restarts under a new pid while the clock stands still.
        await kill(first);
        second = await start('uarespawnd');
        assert.deepEqual((await table.sample(4096))[0].pids, [second.pid], 'the gone pid triggered a rescan');
        await kill(second);
        assert.deepEqual((await table.sample(4096))[0].pids, []);
      } finally {
        for (const child of [first, second]) if (child && child.exitCode === null && child.signalCode === null) await kill(child);
      }
    });

    it('shares one /proc scan between concurrent calls', async () => {
      const readdir = fs.promises.readdir;
      let scans = 0;
      fs.promises.readdir = ((...args: Parameters<typeof readdir>) => {
        if (args[0] === '/proc') scans++;
        return readdir.apply(fs.promises, args);
      }) as typeof readdir;
      try {
        const table = new LinuxProcessTable('/proc');
        const results = await Promise.all(Array.from({ length: 20 }, () => table.sample(4096)));
        assert.equal(scans, 1);
        assert.equal(results.length, 20);
      } finally {
        fs.promises.readdir = readdir;
      }
    });
  });

  describe('a Windows host (in-memory registry and services)', () => {
    const UNINSTALL_WOW = WINDOWS_UNINSTALL_KEYS[1];
    const VERSION = { ProductName: 'Windows Server 2016 Datacenter', CurrentBuild: '14393' };

    function windowsContext(registry: Record<string, Record<string, string>>, services: Record<string, ServiceState>): StatusContext {
      const config: DaemonConfig = { ...defaultConfig(), root: '/nonexistent-root', platform: 'windows' };
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

function memTotalKiB(file: string): number {
  return Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync(file, 'utf8'))![1]);
}

/**
 * GetStatus from a daemon that cannot read one host file. Root reads every
 * file, so when the tests run as root the daemon runs in a child process as
 * the unprivileged user "nobody" (65534); otherwise as the current user.
 */
async function statusAsUnprivilegedUser(sandbox: Sandbox, unreadable: string): Promise<{ code?: number; details?: string }> {
  const asRoot = process.getuid?.() === 0;
  const nobody = 65534;
  fs.mkdirSync(sandbox.stateDir, { recursive: true });
  fs.mkdirSync(sandbox.path('/var/log/mobilityd'), { recursive: true });
  fs.chmodSync(sandbox.dir, 0o755);
  if (asRoot) fs.chownSync(sandbox.stateDir, nobody, nobody);
  fs.chmodSync(sandbox.path(unreadable), 0o000);
  const script = `
    const { startTestDaemon } = require(${JSON.stringify(path.join(__dirname, 'helpers/test-daemon.ts'))});
    (async () => {
      const t = await startTestDaemon({ sandbox: { root: process.env.ROOT, stateDir: process.env.STATE } });
      try { await t.client.getStatus(); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ code: e.code, details: e.details })); }
      finally { await t.stop(); }
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, ROOT: sandbox.root, STATE: sandbox.stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(asRoot ? { uid: nobody, gid: nobody } : {}),
  });
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `the child daemon ran (${out})`);
  return JSON.parse(out.trim().split('\n').pop()!);
}
