/**
 * Findings 13 and 19: what a newcomer runs, run as they would. VS Code's
 * "mobilityd (embedded default)" launch configuration (its preLaunchTask, in a
 * temporary copy of the checkout), and the README's getting-started commands
 * (`npm start`, `npx mobilityctl`, `npm link`, `npm run embedded -- --reset`)
 * with the sample host redirected by MOBILITY_EMBEDDED_DIR to a temporary
 * folder. The developer's own .mobility/ is never touched; every daemon binds
 * 127.0.0.1 port 0.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnv } from '../helpers/cli-runner';
import { REPO_ROOT } from '../helpers/repo-root';

const REPO = REPO_ROOT;
const PACKAGE = /^Microsoft-ASR_UA_\d+(\.\d+){3}_UBUNTU-20\.04-64_GA_\w+_release\.tar\.gz$/;
/** The embedded default's line that says where the passphrase file is. */
const PASSPHRASE_LINE = /passphrase is in (\S+)$/m;

function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mobility-${name}-`));
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? cliEnv(), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
}

/** The sample packages in a repository folder. */
function packagesIn(repository: string): string[] {
  return fs.existsSync(repository) ? fs.readdirSync(repository).filter((name) => PACKAGE.test(name)) : [];
}

/** The passphrase file the embedded default printed, checked to be a non-empty 0600 file under `dir`. */
function assertPassphraseFile(output: string, dir: string): string {
  const file = PASSPHRASE_LINE.exec(output)?.[1];
  assert.ok(file, `the embedded default did not say where the passphrase file is:\n${output}`);
  assert.ok(path.resolve(file).startsWith(`${fs.realpathSync(dir)}${path.sep}`), `${file} is not under ${dir}`);
  const stat = fs.statSync(file);
  assert.ok(stat.isFile() && stat.size > 0, `${file} is not a non-empty file`);
  assert.equal(stat.mode & 0o777, 0o600);
  assert.ok(!output.includes(fs.readFileSync(file, 'utf8').trim()), 'the passphrase itself was printed');
  return file;
}

/** A copy of the checkout's scripts and .vscode, with node_modules, dist and bin linked, for commands that write under the checkout. */
function checkoutCopy(): string {
  const dir = tempDir('checkout');
  for (const name of ['scripts', '.vscode']) fs.cpSync(path.join(REPO, name), path.join(dir, name), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  for (const name of ['node_modules', 'dist', 'bin']) fs.symlinkSync(path.join(REPO, name), path.join(dir, name));
  return dir;
}

describe('finding 13: VS Code\'s "mobilityd (embedded default)" is the embedded default', function () {
  const launch = readJson(path.join(REPO, '.vscode', 'launch.json'));
  const tasks = readJson(path.join(REPO, '.vscode', 'tasks.json'));
  const config = launch.configurations.find((c: any) => c.name === 'mobilityd (embedded default)');

  it('finding 13: it runs server/daemon/main.ts under the debugger with the embedded default\'s config file', () => {
    assert.ok(config, 'launch.json has no "mobilityd (embedded default)" configuration');
    assert.equal(config.program, '${workspaceFolder}/server/daemon/main.ts');
    assert.deepEqual(config.args, ['--config', '${workspaceFolder}/scripts/embedded-default.json']);
    const file = readJson(path.join(REPO, 'scripts', 'embedded-default.json'));
    const dir = path.join(REPO, 'scripts');
    assert.equal(path.resolve(dir, file.root), path.join(REPO, '.mobility', 'sandbox'));
    assert.equal(path.resolve(dir, file.stateDir), path.join(REPO, '.mobility', 'state'));
  });

  it('finding 13: its preLaunchTask prepares what `npm run embedded` does: the sample packages and the passphrase file', () => {
    const task = tasks.tasks.find((t: any) => t.label === config.preLaunchTask);
    assert.ok(task, `tasks.json has no task "${config.preLaunchTask}"`);
    assert.equal(task.type, 'shell');
    const checkout = checkoutCopy();
    try {
      const command = [task.command, ...(task.args ?? [])].join(' ').replaceAll('${workspaceFolder}', checkout);
      const r = run('bash', ['-c', command], { cwd: checkout });
      assert.equal(r.code, 0, r.output);
      const mobility = path.join(checkout, '.mobility');
      assert.deepEqual(packagesIn(path.join(mobility, 'state', 'repository')).length, 3, r.output);
      assert.match(fs.readFileSync(path.join(mobility, 'sandbox', 'etc', 'os-release'), 'utf8'), /sample/i);
      assertPassphraseFile(r.output, mobility);
      assert.doesNotMatch(r.output, /listening on/, 'the task must only prepare; the debugger starts mobilityd');
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });
});

/** `npm start -- ARGS` (or another npm command) as its own process group, so the whole tree can be stopped. */
class NpmDaemon {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('npm', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.setEncoding('utf8').on('data', (text: string) => (this.output += text));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The gRPC address from mobilityd's "listening on" line; fails if the process ends first. */
  listening(): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const address = /listening on (127\.0\.0\.1:\d+) \(gRPC\)/.exec(this.output)?.[1];
        if (address) resolve(address);
      };
      for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on('data', check);
      void this.exited.then((code) => reject(new Error(`npm exited (${code}) before mobilityd listened:\n${this.output}`)));
      check();
    });
  }

  /** SIGTERM to the process group this test started (npm, its shell and mobilityd), then its exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(-this.child.pid!, 'SIGTERM');
    await this.exited;
  }
}

/** The README's shell commands: every line of its ```sh and ```console blocks. */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const lines: string[] = [];
  for (const block of readme.matchAll(/^```(?:sh|console)\n([\s\S]*?)^```$/gm)) {
    for (const line of block[1].split('\n')) lines.push(line.replace(/^\$ /, '').replace(/\s+#.*$/, '').trim());
  }
  return lines.filter(Boolean);
}

describe('finding 19: the README\'s getting-started commands work from the checkout', function () {
  // A copy of the checkout, so that even a script that ignored MOBILITY_EMBEDDED_DIR wrote nothing in the real one.
  let checkout: string;
  let sampleDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    checkout = checkoutCopy();
    sampleDir = path.join(checkout, 'elsewhere', '.mobility');
    env = cliEnv({ MOBILITY_EMBEDDED_DIR: sampleDir });
  });
  afterEach(() => fs.rmSync(checkout, { recursive: true, force: true }));

  it('finding 19: the README shows npm start, npx mobilityctl, npm link and the reset', () => {
    const commands = readmeCommands();
    for (const wanted of [/^npm ci && npm start$/, /^npx mobilityctl status$/, /^npm link$/, /^npm run embedded -- --reset$/]) {
      assert.ok(commands.some((line) => wanted.test(line)), `the README has no command matching ${wanted}`);
    }
    const scripts = readJson(path.join(REPO, 'package.json')).scripts;
    assert.equal(scripts.start, scripts.embedded, '`npm start` is not the embedded default');
  });

  describe('npm start with the sample host in a temporary folder', () => {
    let daemon: NpmDaemon;
    let address: string;
    beforeEach(async () => {
      daemon = new NpmDaemon(['start', '--', '--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0'], checkout, env);
      address = await daemon.listening();
    });
    afterEach(async () => await daemon?.stop());

    it('finding 19: npm start serves the embedded default, and npx mobilityctl reaches it', () => {
      const sandbox = path.join(sampleDir, 'sandbox');
      assertPassphraseFile(daemon.output, sampleDir);
      assert.equal(packagesIn(path.join(sampleDir, 'state', 'repository')).length, 3);
      const r = run('npx', ['mobilityctl', 'status', '--json', '--host', address], { env });
      assert.equal(r.code, 0, r.output);
      const status = JSON.parse(r.stdout);
      assert.equal(fs.realpathSync(status.daemon.root), fs.realpathSync(sandbox));
      assert.equal(status.os.installerOsTag, 'UBUNTU-20.04-64');
    });

    it('finding 19: npm run embedded -- --reset refuses while mobilityd serves the sample host', () => {
      const marker = path.join(sampleDir, 'state', 'kept');
      fs.writeFileSync(marker, 'still here');
      const r = run('npm', ['run', 'embedded', '--', '--reset', '--listen', address], { cwd: checkout, env });
      assert.equal(r.code, 1, r.output);
      assert.ok(r.stderr.includes(`mobilityd at ${address} serves this sample host`), r.output);
      assert.match(r.stderr, /stop it \(Ctrl-C where it runs\), then run the reset again/);
      assert.ok(fs.existsSync(marker), 'the reset deleted files under a running daemon');
    });
  });

  it('finding 19: --reset deletes the sample host and mobilityd\'s state and prepares them again', () => {
    const first = run('npm', ['run', 'embedded', '--', '--prepare-only'], { cwd: checkout, env });
    assert.equal(first.code, 0, first.output);
    const marker = path.join(sampleDir, 'state', 'jobs', 'old-job.json');
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, '{}');
    const r = run('npm', ['run', 'embedded', '--', '--reset', '--prepare-only'], { cwd: checkout, env });
    assert.equal(r.code, 0, r.output);
    assert.ok(!fs.existsSync(marker), 'the reset kept the old state');
    assert.equal(packagesIn(path.join(sampleDir, 'state', 'repository')).length, 3);
    assertPassphraseFile(r.output, sampleDir);
  });

  it('finding 19: npm link puts mobilityctl and mobilityd on PATH', () => {
    const prefix = path.join(checkout, 'prefix');
    const linked = run('npm', ['link', '--offline', '--no-audit', '--no-fund'], { cwd: checkout, env: { ...env, npm_config_prefix: prefix } });
    assert.equal(linked.code, 0, linked.output);
    const PATH = `${path.join(prefix, 'bin')}${path.delimiter}${env.PATH}`;
    const ctl = run('mobilityctl', ['--version'], { cwd: os.tmpdir(), env: { ...env, PATH } });
    assert.equal(ctl.code, 0, ctl.output);
    assert.match(ctl.stdout, /^mobilityctl \d+\.\d+\.\d+\n$/);
    const daemon = run('mobilityd', ['--version'], { cwd: os.tmpdir(), env: { ...env, PATH } });
    assert.equal(daemon.code, 0, daemon.output);
  });

  it('finding 19: `npm ci` warns about no package\'s engines on this Node (20, as the README says)', () => {
    const r = run('npm', ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund']);
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /EBADENGINE/, r.output);
  });
});
