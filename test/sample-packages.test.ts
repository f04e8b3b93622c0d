/**
 * The SAMPLE installer packages, run for real: each test extracts a generated
 * tar.gz with the system tar and runs its ./install or
 * Vx/bin/UnifiedAgentConfigurator.sh as a child process over a sandbox host
 * root (MOBILITY_HOST_ROOT), checking exit codes, output and the files left
 * behind against docs/installer-contract.md.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentRole, Platform, RegistrationState } from '../gen/mobility/v1/agent_control_pb';
import { parseVxVersion } from '../server/core/agent/vx-version';
import { parseKeyValueLines } from '../server/core/files/key-value-lines';
import {
  DEFAULT_SAMPLE_VERSIONS,
  makeSamplePackages,
  samplePackageName,
} from '../scripts/sample-packages/make-sample-packages';
import { makeSandbox, type Sandbox } from './helpers/sandbox';
import {
  copySamplePackages,
  samplePackage,
  samplePackagesDir,
  setSampleFaults,
  setSamplePassphrase,
} from './helpers/sample-packages';

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  output: string;
}

interface RunOptions {
  cwd?: string;
  /** MOBILITY_SAMPLE_FAULTS */
  envFaults?: string;
}

const PASSPHRASE = 'Correct-Horse-Battery-Staple-42';

describe('sample installer packages', function () {
  let sandbox: Sandbox;
  let temp: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    sandbox = makeSandbox();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-sample-run-'));
  });

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    sandbox.remove();
    fs.rmSync(temp, { recursive: true, force: true });
  });

  // -------------------------------------------------------------------------
  // helpers
  // -------------------------------------------------------------------------
  const location = () => sandbox.path('/usr/local/ASR');
  const vxFile = () => sandbox.path('/usr/local/.vx_version');
  const uaLog = () => sandbox.path('/var/log/ua_install.log');
  const configurator = () => path.join(location(), 'Vx', 'bin', 'UnifiedAgentConfigurator.sh');
  const readVx = () => fs.readFileSync(vxFile(), 'utf8');
  const vxKeys = () => parseKeyValueLines(readVx());

  /** Extracts a sample package into a fresh folder, as mobilityd does (tar -xzf, no shell). */
  async function extract(version: string): Promise<string> {
    const pkg = await samplePackage(version);
    const dir = fs.mkdtempSync(path.join(temp, `pkg-${version}-`));
    const tar = spawnSync('tar', ['-xzf', pkg.path, '-C', dir]);
    assert.equal(tar.status, 0, tar.stderr.toString());
    return dir;
  }

  function start(file: string, args: string[], options: RunOptions = {}, detached = false): ChildProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, MOBILITY_HOST_ROOT: sandbox.root };
    delete env.MOBILITY_SAMPLE_FAULTS;
    if (options.envFaults !== undefined) env.MOBILITY_SAMPLE_FAULTS = options.envFaults;
    const child = spawn(file, args, { cwd: options.cwd ?? path.dirname(file), env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  }

  function collect(child: ChildProcess): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => ((stdout += d), (output += d)));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => ((stderr += d), (output += d)));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, output }));
    });
  }

  function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return collect(start(file, args, options));
  }

  async function install(version: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    const dir = await extract(version);
    return run(path.join(dir, 'install'), args, { cwd: dir, ...options });
  }

  const freshArgs = (role = 'MS', platform = 'VmWare') => ['-d', location(), '-r', role, '-v', platform, '-q'];

  async function freshInstall(version: string): Promise<RunResult> {
    const result = await install(version, freshArgs());
    assert.equal(result.code, 0, result.output);
    return result;
  }

  function writePassphraseFile(content: string): string {
    const file = path.join(temp, `passphrase-${Math.random().toString(36).slice(2)}.txt`);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  function register(ip: string, passphrase: string): Promise<RunResult> {
    return run(configurator(), ['-i', ip, '-P', writePassphraseFile(`${passphrase}\n`)]);
  }

  /** Resolves once the child's stdout contains `text`; rejects if it ends first. */
  function outputContains(child: ChildProcess, text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const onData = (d: Buffer) => {
        seen += d.toString('utf8');
        if (seen.includes(text)) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('close', () => reject(new Error(`ended before printing "${text}":\n${seen}`)));
    });
  }

  /** Live processes whose process group is `pgid`, from /proc. */
  function processGroupMembers(pgid: number): number[] {
    const members: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    }
    return members;
  }

  /** A pid that certainly belongs to no running process: a child that has exited and been reaped. */
  function deadPid(): number {
    const done = spawnSync('true');
    assert.ok(done.pid);
    return done.pid;
  }

  // -------------------------------------------------------------------------
  // generation
  // -------------------------------------------------------------------------
  describe('generation', () => {
    it('names the packages like the real ones and puts the four files at the archive root', async () => {
      const dir = await samplePackagesDir();
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        'Microsoft-ASR_UA_9.22.0.0_UBUNTU-20.04-64_GA_15Jan2019_release.tar.gz',
        'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz',
        'Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_10Nov2020_release.tar.gz',
      ]);
      const pkg = await samplePackage('9.30.0.0');
      const listing = spawnSync('tar', ['-tvzf', pkg.path], { encoding: 'utf8' });
      assert.equal(listing.status, 0, listing.stderr);
      const lines = listing.stdout.trim().split('\n');
      assert.deepEqual(lines.map((l) => l.split(/\s+/).pop()), ['SAMPLE-README.txt', 'UnifiedAgentConfigurator.sh', 'VERSION', 'install']);
      for (const line of lines) {
        assert.match(line, /^-rw[x-]r-[x-]r-[x-] 0\/0 .* 2019-10-22 00:00 /, line);
      }
      const dir2 = await extract('9.30.0.0');
      assert.match(fs.readFileSync(path.join(dir2, 'install'), 'utf8'), /SAMPLE — THIS IS NOT THE MICROSOFT INSTALLER/);
      assert.match(fs.readFileSync(path.join(dir2, 'UnifiedAgentConfigurator.sh'), 'utf8'), /SAMPLE — THIS IS NOT THE MICROSOFT CONFIGURATOR/);
      assert.match(fs.readFileSync(path.join(dir2, 'VERSION'), 'utf8'), /^VERSION=9\.30\.0\.0$/m);
      assert.match(fs.readFileSync(path.join(dir2, 'SAMPLE-README.txt'), 'utf8'), /^SAMPLE PACKAGE - NOT THE MICROSOFT/);
      assert.doesNotMatch(fs.readFileSync(path.join(dir2, 'install'), 'utf8'), /@SAMPLE_[A-Z_]+@/);
    });

    it('is deterministic: regenerated packages have the same sha256', async () => {
      const a = await makeSamplePackages({ outDir: path.join(temp, 'a') });
      const b = await makeSamplePackages({ outDir: path.join(temp, 'b') });
      assert.equal(a.length, DEFAULT_SAMPLE_VERSIONS.length);
      assert.deepEqual(
        a.map((p) => [p.name, p.sha256, p.sizeBytes]),
        b.map((p) => [p.name, p.sha256, p.sizeBytes]),
      );
      for (const p of b) {
        assert.equal(createHash('sha256').update(fs.readFileSync(p.path)).digest('hex'), p.sha256);
      }
      const shared = await samplePackage('9.40.0.0');
      assert.equal(a.find((p) => p.version === '9.40.0.0')!.sha256, shared.sha256);
    });

    it('builds other OS tags and versions, and refuses Windows and malformed input', async () => {
      const [pkg] = await makeSamplePackages({ outDir: temp, osTag: 'RHEL7-64', versions: [{ version: '9.45.0.0', date: '03Sep2021' }] });
      assert.equal(pkg.name, samplePackageName('9.45.0.0', 'RHEL7-64', '03Sep2021'));
      assert.ok(fs.existsSync(path.join(temp, 'Microsoft-ASR_UA_9.45.0.0_RHEL7-64_GA_03Sep2021_release.tar.gz')));
      await assert.rejects(makeSamplePackages({ outDir: temp, osTag: 'Windows' }), /not a Linux installer OS tag/);
      await assert.rejects(makeSamplePackages({ outDir: temp, versions: ['9.30'] }), /not an agent version/);
      await assert.rejects(makeSamplePackages({ outDir: temp, versions: [{ version: '9.30.0.0', date: '31Feb2019' }] }), /not a package date/);
    });

    it('copySamplePackages fills a repository with byte-identical copies', async () => {
      const repo = path.join(temp, 'repository');
      const copies = await copySamplePackages(repo, ['9.30.0.0']);
      assert.deepEqual(copies.map((c) => path.basename(c)), [(await samplePackage('9.30.0.0')).name]);
      assert.deepEqual(fs.readFileSync(copies[0]), fs.readFileSync((await samplePackage('9.30.0.0')).path));
    });
  });

  // -------------------------------------------------------------------------
  // install
  // -------------------------------------------------------------------------
  describe('install', () => {
    it('fresh install: exit 0, the recognised lines, .vx_version and the agent folder', async () => {
      const before = Date.now();
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.output);
      const markers = ['Running prerequisite checks', 'All prerequisite checks passed', 'Installing Mobility service agent'];
      const positions = markers.map((m) => result.stdout.indexOf(m));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), result.output);
      assert.match(result.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[install\] INFO: /m);
      assert.match(result.stdout, /SAMPLE package, not the Microsoft installer/);
      assert.match(result.stdout, /Checking FreeDiskSpace \.\.\. passed/);
      assert.doesNotMatch(result.output, /VSS|Prerequisite check failed/i);
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
      const logFile = sandbox.path('/var/log/custom/install.log');
      const result = await install('9.40.0.0', [...freshArgs('MT', 'Azure'), '-l', logFile]);
      assert.equal(result.code, 0, result.output);
      const vx = parseVxVersion(readVx());
      assert.equal(vx.role, AgentRole.MASTER_TARGET);
      assert.equal(vx.platform, Platform.AZURE);
      assert.match(fs.readFileSync(logFile, 'utf8'), /All prerequisite checks passed/);
      assert.ok(!fs.existsSync(uaLog()));
    });

    it('uses /usr/local/ASR under the root when -d is left out', async () => {
      const result = await install('9.30.0.0', ['-r', 'MS', '-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.output);
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
        assert.equal(result.code, 96, result.output);
        assert.match(result.stderr, /ERROR: Invalid arguments: /);
        assert.match(result.stderr, message);
        assert.match(result.stderr, /Usage: \.\/install -d <install location> -r <MS\|MT> -v <VmWare\|Azure> -q/);
        assert.ok(!fs.existsSync(vxFile()));
        assert.ok(!fs.existsSync(location()));
      });
    }

    it('exit 99 when prerequisites are not met, naming each failed check', async () => {
      setSampleFaults(sandbox, ['prereq']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 99, result.output);
      assert.match(result.output, /Running prerequisite checks/);
      assert.match(result.stderr, /Prerequisite check failed: FreeDiskSpace - .*2048 MB/);
      assert.match(result.stderr, /Prerequisite check failed: GrubDeviceNames - /);
      assert.equal(result.output.match(/Prerequisite check failed: /g)?.length, 2);
      assert.doesNotMatch(result.output, /All prerequisite checks passed|Installing Mobility service agent/);
      assert.ok(!fs.existsSync(vxFile()));
      assert.ok(!fs.existsSync(location()), 'the location folder the run created is removed again');
      assert.match(fs.readFileSync(uaLog(), 'utf8'), /Prerequisite check failed: FreeDiskSpace/);
    });

    it('reads faults from MOBILITY_SAMPLE_FAULTS and from the fault file with comments', async () => {
      const fromEnv = await install('9.30.0.0', freshArgs(), { envFaults: ' errors , bogus ' });
      assert.equal(fromEnv.code, 97, fromEnv.output);
      assert.match(fromEnv.output, /ignoring unknown sample fault 'bogus'/);
      sandbox.write('/etc/mobility-sample/faults', '# demo faults\n\n  PREREQ  # loud\n');
      const fromFile = await install('9.30.0.0', freshArgs());
      assert.equal(fromFile.code, 99, fromFile.output);
      assert.match(fromFile.stdout, /SAMPLE faults active: prereq/);
    });

    it('exit 98 when the VSS provider fails on 9.23 and later: installed with warnings', async () => {
      setSampleFaults(sandbox, ['vss']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 98, result.output);
      const start = result.output.indexOf('Installing VSS provider');
      assert.ok(start > result.output.indexOf('All prerequisite checks passed'), result.output);
      assert.match(result.output, /VSS provider installation failed with exit code 517/);
      assert.match(result.output, /installed in .* with warnings/);
      assert.equal(parseVxVersion(readVx()).version, '9.30.0.0');
    });

    it('exit 97 when the VSS provider fails on 9.22 and earlier: nothing installed', async () => {
      setSampleFaults(sandbox, ['vss']);
      const result = await install('9.22.0.0', freshArgs());
      assert.equal(result.code, 97, result.output);
      assert.match(result.output, /Installing VSS provider/);
      assert.match(result.output, /VSS provider installation failed with exit code 517/);
      assert.ok(!fs.existsSync(vxFile()));
      assert.ok(!fs.existsSync(location()));
    });

    it('exit 97 with the errors fault', async () => {
      setSampleFaults(sandbox, ['errors']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.output);
      assert.match(result.stderr, /Installation failed with errors/);
      assert.match(result.output, /All prerequisite checks passed/);
      assert.ok(!fs.existsSync(vxFile()));
    });

    it('exit 97 with the lock fault', async () => {
      setSampleFaults(sandbox, ['lock']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.output);
      assert.match(result.stderr, /Another installation is running: .*\.install\.lck/);
      assert.doesNotMatch(result.output, /Running prerequisite checks/);
    });

    it('exit 97 while a running process holds .install.lck, which is left alone', async () => {
      const lock = path.join(location(), '.install.lck');
      sandbox.write('/usr/local/ASR/.install.lck', `${process.pid}\n`);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 97, result.output);
      assert.match(result.stderr, new RegExp(`held by process ${process.pid}`));
      assert.equal(fs.readFileSync(lock, 'utf8'), `${process.pid}\n`);
      assert.ok(!fs.existsSync(vxFile()));
    });

    it('replaces a stale lock whose process is gone', async () => {
      sandbox.write('/usr/local/ASR/.install.lck', `${deadPid()}\n`);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /Removing the stale lock file/);
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')));
    });
  });

  // -------------------------------------------------------------------------
  // upgrade
  // -------------------------------------------------------------------------
  describe('upgrade', () => {
    it('9.30 → 9.40 with only -v and -q keeps the location, role and registration', async () => {
      await freshInstall('9.30.0.0');
      setSamplePassphrase(sandbox, PASSPHRASE);
      const registered = await register('10.1.2.3', PASSPHRASE);
      assert.equal(registered.code, 0, registered.output);
      const result = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /Upgrading the Mobility service agent from 9\.30\.0\.0 to 9\.40\.0\.0/);
      assert.match(result.output, /All prerequisite checks passed/);
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
        assert.equal(result.code, 96, result.output);
        assert.match(result.stderr, /Invalid arguments: /);
      }
      assert.equal(readVx(), before);
    });

    it('exit 15 for a downgrade (9.22 over 9.30)', async () => {
      await freshInstall('9.30.0.0');
      const before = readVx();
      const result = await install('9.22.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 15, result.output);
      assert.match(result.stderr, /Downgrade not supported: the installed agent 9\.30\.0\.0 is newer than this package \(9\.22\.0\.0\)/);
      assert.equal(readVx(), before);
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')));
    });

    it('exit 11 when the upgrade would change the platform', async () => {
      await freshInstall('9.30.0.0');
      const before = readVx();
      const result = await install('9.40.0.0', ['-v', 'Azure', '-q']);
      assert.equal(result.code, 11, result.output);
      assert.match(result.stderr, /Upgrade not supported: the installed agent's platform is VmWare and an upgrade cannot change it to Azure/);
      assert.equal(readVx(), before);
    });

    it('exit 11 from another major version or an unreadable installed version', async () => {
      sandbox.write('/usr/local/.vx_version', `VERSION=8.5.0.0\nINSTALLATION_DIR=${location()}/Vx\nROLE=MS\nPLATFORM=VmWare\n`);
      const major = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(major.code, 11, major.output);
      assert.match(major.stderr, /Upgrade not supported: the installed agent 8\.5\.0\.0 cannot be upgraded to 9\.40\.0\.0 across major versions/);

      sandbox.write('/usr/local/.vx_version', 'ROLE=MS\n');
      const unreadable = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(unreadable.code, 11, unreadable.output);
      assert.match(unreadable.stderr, /cannot read the installed agent's version/);
    });

    it('exit 0 and no change when the same version is installed again', async () => {
      await freshInstall('9.30.0.0');
      const before = readVx();
      const result = await install('9.30.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /already installed .* nothing to do/);
      assert.equal(readVx(), before);
    });

    it('resolves a host-path INSTALLATION_DIR under the root instead of writing outside it', async () => {
      sandbox.write('/usr/local/.vx_version', 'VERSION=9.30.0.0\nINSTALLATION_DIR=/usr/local/ASR/Vx\nROLE=MS\nPLATFORM=VmWare\nCS_IP=10.0.0.9\n');
      const result = await install('9.40.0.0', ['-v', 'VmWare', '-q']);
      assert.equal(result.code, 0, result.output);
      assert.ok(fs.existsSync(configurator()));
      assert.equal(vxKeys().get('CS_IP'), '10.0.0.9');
      assert.equal(vxKeys().get('VERSION'), '9.40.0.0');
    });
  });

  // -------------------------------------------------------------------------
  // slow fault and cancellation
  // -------------------------------------------------------------------------
  describe('slow fault', () => {
    it('prints progress every tick and dies promptly on SIGTERM with no child left (exit 143)', async () => {
      setSampleFaults(sandbox, ['slow']);
      const dir = await extract('9.30.0.0');
      const child = start(path.join(dir, 'install'), freshArgs(), { cwd: dir }, true);
      const done = collect(child);
      await outputContains(child, 'Running prerequisite checks ... 2% (sample fault: slow)');
      assert.ok(fs.existsSync(path.join(location(), '.install.lck')), 'the lock is held while installing');
      const killedAt = Date.now();
      process.kill(child.pid!, 'SIGTERM');
      const result = await done;
      const elapsed = Date.now() - killedAt;
      assert.equal(result.code, 143, result.output);
      assert.ok(elapsed < 1500, `took ${elapsed} ms to stop`);
      assert.match(result.stderr, /Installation stopped by SIGTERM/);
      assert.deepEqual(processGroupMembers(child.pid!), [], 'no process of the installer is left');
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')), 'the lock is removed');
      assert.ok(!fs.existsSync(vxFile()));
    });

    it('stops when the whole process group gets SIGTERM, as a cancelling daemon may send it', async () => {
      setSampleFaults(sandbox, ['slow']);
      const dir = await extract('9.40.0.0');
      const child = start(path.join(dir, 'install'), freshArgs(), { cwd: dir }, true);
      const done = collect(child);
      await outputContains(child, '(sample fault: slow)');
      process.kill(-child.pid!, 'SIGTERM');
      const result = await done;
      assert.equal(result.code, 143, result.output);
      assert.deepEqual(processGroupMembers(child.pid!), []);
      assert.ok(!fs.existsSync(path.join(location(), '.install.lck')));
    });

    it('slow=<seconds> shortens each phase and the install still completes', async () => {
      setSampleFaults(sandbox, ['slow=0.2']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.output);
      assert.match(result.stdout, /Running prerequisite checks \.\.\. 50% \(sample fault: slow\)/);
      assert.match(result.stdout, /Installing Mobility service agent \.\.\. 100% \(sample fault: slow\)/);
      assert.equal(parseVxVersion(readVx()).version, '9.30.0.0');
    });

    it('the configurator honours slow and stops on SIGTERM without changing .vx_version', async () => {
      await freshInstall('9.30.0.0');
      setSamplePassphrase(sandbox, PASSPHRASE);
      setSampleFaults(sandbox, ['slow']);
      const before = readVx();
      const child = start(configurator(), ['-i', '10.0.0.1', '-P', writePassphraseFile(PASSPHRASE)], {}, true);
      const done = collect(child);
      await outputContains(child, '(sample fault: slow)');
      process.kill(child.pid!, 'SIGTERM');
      const result = await done;
      assert.equal(result.code, 143, result.output);
      assert.deepEqual(processGroupMembers(child.pid!), []);
      assert.equal(readVx(), before);
      assert.ok(!result.output.includes(PASSPHRASE));
    });
  });

  // -------------------------------------------------------------------------
  // configurator
  // -------------------------------------------------------------------------
  describe('UnifiedAgentConfigurator.sh', () => {
    beforeEach(async () => {
      await freshInstall('9.30.0.0');
    });

    it('registers with the right passphrase: exit 0, Succeeded and CS_IP', async () => {
      setSamplePassphrase(sandbox, PASSPHRASE);
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
      setSamplePassphrase(sandbox, PASSPHRASE);
      for (const ip of ['2001:db8::5', '::ffff:10.0.0.1', 'fe80:0:0:0:0:0:0:1']) {
        const result = await register(ip, PASSPHRASE);
        assert.equal(result.code, 0, `${ip}: ${result.output}`);
        assert.equal(vxKeys().get('CS_IP'), ip);
      }
    });

    it('exit 14 and Failed with a wrong passphrase, never showing either passphrase', async () => {
      setSamplePassphrase(sandbox, PASSPHRASE);
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
      ['a missing -P file', () => ['-i', '10.0.0.1', '-P', path.join(temp, 'none.txt')], /is not a readable file/],
      ['an empty passphrase file', () => ['-i', '10.0.0.1', '-P', writePassphraseFile(' \n')], /is empty/],
      ['an unknown option', () => ['-i', '10.0.0.1', '-P', writePassphraseFile(PASSPHRASE), '-c', 'CSPrime'], /unknown option -c/],
    ];
    for (const [what, args, message] of badArgs) {
      it(`exit 96 for ${what}`, async () => {
        setSamplePassphrase(sandbox, PASSPHRASE);
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
      setSamplePassphrase(sandbox, PASSPHRASE);
      const result = await register('10.0.0.1', PASSPHRASE);
      assert.equal(result.code, 1, result.output);
      assert.match(result.stderr, /not installed/);
    });
  });
});
