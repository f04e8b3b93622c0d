/**
 * GetStatus through a real daemon over real gRPC: the agent's files, the OS,
 * the logs, the daemon and the machine, each read when the call arrives.
 * The agent's processes: status-processes.test.ts; a Windows host: status-windows.test.ts.
 */
import { timestampDate } from '@bufbuild/protobuf/wkt';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentRole, OsFamily, Platform, RegistrationState, SupportStatus } from '../../gen/mobility/v1/agent_control_pb';
import { MOBILITYD_VERSION } from '../../contract/version';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, useTestDaemon } from '../helpers/test-daemon';
import { REPO_ROOT } from '../helpers/repo-root';

const VX = '/usr/local/.vx_version';
const RHEL7_OS_RELEASE = fs.readFileSync(path.join(__dirname, '..', 'fixtures/os-release/rhel-7/os-release'), 'utf8');

describe('GetStatus', () => {
  describe('the agent, from /usr/local/.vx_version', () => {
    const daemon = useTestDaemon({ shared: true });
    beforeEach(() => fs.rmSync(daemon().sandbox.path(VX), { force: true }));

    it('reports the agent not installed when there is no .vx_version', async () => {
      const { agent } = await daemon().client.getStatus();
      assert.equal(agent?.installed, false);
      assert.equal(agent?.registration, RegistrationState.NOT_INSTALLED);
      assert.equal(agent?.version, '');
      assert.equal(agent?.source, '');
    });

    it('reads version, role, platform and install location; never configured means NOT_REGISTERED', async () => {
      daemon().sandbox.write(VX, 'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\n');
      const { agent } = await daemon().client.getStatus();
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
      daemon().sandbox.write(
        VX,
        'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\nCS_IP=10.0.0.5\nAGENT_CONFIGURATION_STATUS=Succeeded\n',
      );
      const { agent } = await daemon().client.getStatus();
      assert.equal(agent?.registration, RegistrationState.REGISTERED);
      assert.equal(agent?.csEndpoint, '10.0.0.5');
    });

    it('accepts the key variants of other agent versions (INSTALL_DIR, CSIP, Agent/MasterTarget, INSTALL_TIME)', async () => {
      daemon().sandbox.write(
        VX,
        'PROD_VERSION=9.31.0.0\nINSTALL_DIR = /opt/ASR/Vx/\nROLE=MasterTarget\nPLATFORM=Azure\nCSIP="10.1.2.3"\n' +
          'AGENT_CONFIGURATION_STATUS=Succeeded\nINSTALL_TIME=2020-01-02T03:04:05Z\n',
      );
      const { agent } = await daemon().client.getStatus();
      assert.equal(agent?.version, '9.31.0.0');
      assert.equal(agent?.installLocation, '/opt/ASR');
      assert.equal(agent?.role, AgentRole.MASTER_TARGET);
      assert.equal(agent?.platform, Platform.AZURE);
      assert.equal(agent?.csEndpoint, '10.1.2.3');
      assert.equal(timestampDate(agent!.installTime!).toISOString(), '2020-01-02T03:04:05.000Z');
      daemon().sandbox.write(VX, 'VERSION=9.31.0.0\nROLE=Agent\n');
      assert.equal((await daemon().client.getStatus()).agent?.role, AgentRole.MOBILITY_SERVICE);
    });

    it('reports FAILED when the last configuration failed', async () => {
      daemon().sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Failed\n');
      assert.equal((await daemon().client.getStatus()).agent?.registration, RegistrationState.FAILED);
    });

    it('tells the truth at call time: every change between two calls shows in the second', async () => {
      const registration = async () => (await daemon().client.getStatus()).agent;
      assert.equal((await registration())?.registration, RegistrationState.NOT_INSTALLED);
      daemon().sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Failed\n');
      assert.equal((await registration())?.registration, RegistrationState.FAILED);
      daemon().sandbox.write(VX, 'VERSION=9.30.0.0\nAGENT_CONFIGURATION_STATUS=Succeeded\n');
      assert.equal((await registration())?.registration, RegistrationState.REGISTERED);
      // Same size, same second: only the content differs.
      daemon().sandbox.write(VX, 'VERSION=9.31.0.0\nAGENT_CONFIGURATION_STATUS=Succeeded\n');
      assert.equal((await registration())?.version, '9.31.0.0');
      fs.rmSync(daemon().sandbox.path(VX));
      assert.equal((await registration())?.installed, false);

      daemon().sandbox.write('/etc/os-release', RHEL7_OS_RELEASE);
      assert.equal((await daemon().client.getStatus()).os?.installerOsTag, 'RHEL7-64');
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
        assert.equal(result.code, 'permission_denied', `PERMISSION_DENIED expected, got ${JSON.stringify(result)}`);
        assert.match(result.message ?? '', /cannot read the OS release file .*\/etc\/os-release \(permission denied\)/);
      } finally {
        sandbox.remove();
      }
    });
  });

  describe('the logs of the catalog', () => {
    const daemon = useTestDaemon({ shared: true });

    it('reports each log present or absent, with its size and last write, in catalog order', async () => {
      fs.writeFileSync(daemon().logPath('installer'), 'line one\nline two\n');
      const { logs } = await daemon().client.getStatus();
      assert.deepEqual(
        logs.map((l) => l.name),
        daemon().daemon.catalog.entries().map((e) => e.name),
      );
      const installer = logs.find((l) => l.name === 'installer')!;
      assert.equal(installer.present, true);
      assert.equal(installer.sizeBytes, 18n);
      assert.equal(installer.path, daemon().logPath('installer'));
      assert.equal(installer.description, daemon().daemon.catalog.entries().find((e) => e.name === 'installer')!.description);
      const mtime = fs.statSync(daemon().logPath('installer')).mtime;
      assert.equal(timestampDate(installer.modifiedTime!).getTime(), mtime.getTime());
      const configurator = logs.find((l) => l.name === 'configurator')!;
      assert.equal(configurator.present, false);
      assert.equal(configurator.sizeBytes, 0n);
      assert.equal(configurator.modifiedTime, undefined);
    });

    it('shows a log growing and disappearing between two calls', async () => {
      const file = daemon().logPath('configurator');
      fs.writeFileSync(file, 'a\n');
      const size = async () => (await daemon().client.getStatus()).logs.find((l) => l.name === 'configurator')!;
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
});


function memTotalKiB(file: string): number {
  return Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync(file, 'utf8'))![1]);
}

/**
 * GetStatus from a daemon that cannot read one host file. Root reads every
 * file, so when the tests run as root the daemon runs in a child process as
 * the unprivileged user "nobody" (65534); otherwise as the current user.
 */
async function statusAsUnprivilegedUser(sandbox: Sandbox, unreadable: string): Promise<{ code?: string; message?: string }> {
  const asRoot = process.getuid?.() === 0;
  const nobody = 65534;
  fs.mkdirSync(sandbox.stateDir, { recursive: true });
  fs.mkdirSync(sandbox.path('/var/log/mobilityd'), { recursive: true });
  fs.chmodSync(sandbox.dir, 0o755);
  if (asRoot) fs.chownSync(sandbox.stateDir, nobody, nobody);
  fs.chmodSync(sandbox.path(unreadable), 0o000);
  const script = `
    const { startTestDaemon } = require(${JSON.stringify(path.join(__dirname, '..', 'helpers/test-daemon.ts'))});
    (async () => {
      const t = await startTestDaemon({ sandbox: { root: process.env.ROOT, stateDir: process.env.STATE } });
      try { await t.client.getStatus(); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.rawMessage })); }
      finally { await t.stop(); }
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
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
