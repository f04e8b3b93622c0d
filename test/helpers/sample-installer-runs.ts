/**
 * Running the SAMPLE packages for real: each test gets a sandbox host root
 * (MOBILITY_HOST_ROOT) and a scratch folder, extracts a generated tar.gz with
 * the system tar and runs its ./install or Vx/bin/UnifiedAgentConfigurator.sh
 * as a child process. Every child still running after a test is killed.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKeyValueLines } from '../../server/core/files/key-value-lines';
import { samplePackage } from './sample-packages';
import { makeSandbox, type Sandbox } from './sandbox';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  output: string;
}

/** An installer run: the sample installer writes its lines only to its log (as the real one does), not to the console. */
export interface InstallRunResult extends RunResult {
  /** What the run appended to <root>/var/log/ua_install.log (or the file given to -l). */
  log: string;
}

export interface RunOptions {
  cwd?: string;
  /** MOBILITY_SAMPLE_FAULTS */
  envFaults?: string;
}

/** Call inside a describe: registers the hooks that give each test its sandbox and scratch folder, and returns the helpers. */
export function useSampleRuns() {
  let current: { sandbox: Sandbox; temp: string } | undefined;
  const children: ChildProcess[] = [];
  const now = () => {
    if (!current) throw new Error('useSampleRuns: the sandbox exists only inside a test');
    return current;
  };

  beforeEach(() => {
    current = { sandbox: makeSandbox(), temp: fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-sample-run-')) };
  });
  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    now().sandbox.remove();
    fs.rmSync(now().temp, { recursive: true, force: true });
    current = undefined;
  });

  const sandbox = () => now().sandbox;
  /** A scratch folder outside the host root. */
  const temp = () => now().temp;
  const location = () => sandbox().path('/usr/local/ASR');
  const vxFile = () => sandbox().path('/usr/local/.vx_version');
  const uaLog = () => sandbox().path('/var/log/ua_install.log');
  const configurator = () => path.join(location(), 'Vx', 'bin', 'UnifiedAgentConfigurator.sh');
  const readVx = () => fs.readFileSync(vxFile(), 'utf8');
  const vxKeys = () => parseKeyValueLines(readVx());

  /** Extracts a sample package into a fresh folder, as mobilityd does (tar -xzf, no shell). */
  async function extract(version: string): Promise<string> {
    const pkg = await samplePackage(version);
    const dir = fs.mkdtempSync(path.join(temp(), `pkg-${version}-`));
    const tar = spawnSync('tar', ['-xzf', pkg.path, '-C', dir]);
    assert.equal(tar.status, 0, tar.stderr.toString());
    return dir;
  }

  function start(file: string, args: string[], options: RunOptions = {}, detached = false): ChildProcess {
    const env: NodeJS.ProcessEnv = { ...process.env, MOBILITY_HOST_ROOT: sandbox().root };
    delete env.MOBILITY_SAMPLE_FAULTS;
    if (options.envFaults !== undefined) env.MOBILITY_SAMPLE_FAULTS = options.envFaults;
    const child = spawn(file, args, { cwd: options.cwd ?? path.dirname(file), env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  }

  function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return collect(start(file, args, options));
  }

  async function install(version: string, args: string[], options: RunOptions = {}): Promise<InstallRunResult> {
    const dir = await extract(version);
    const l = args.indexOf('-l');
    const logFile = l >= 0 && args[l + 1]?.startsWith('/') ? args[l + 1] : uaLog();
    const before = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const result = await run(path.join(dir, 'install'), args, { cwd: dir, ...options });
    const after = fs.existsSync(logFile) ? fs.readFileSync(logFile) : Buffer.alloc(0);
    return { ...result, log: after.subarray(Math.min(before, after.length)).toString('utf8') };
  }

  const freshArgs = (role = 'MS', platform = 'VmWare') => ['-d', location(), '-r', role, '-v', platform, '-q'];

  async function freshInstall(version: string): Promise<InstallRunResult> {
    const result = await install(version, freshArgs());
    assert.equal(result.code, 0, result.output);
    return result;
  }

  function writePassphraseFile(content: string): string {
    const file = path.join(temp(), `passphrase-${Math.random().toString(36).slice(2)}.txt`);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  function register(ip: string, passphrase: string): Promise<RunResult> {
    return run(configurator(), ['-i', ip, '-P', writePassphraseFile(`${passphrase}\n`)]);
  }

  return {
    sandbox,
    temp,
    location,
    vxFile,
    uaLog,
    configurator,
    readVx,
    vxKeys,
    extract,
    start,
    run,
    install,
    freshArgs,
    freshInstall,
    writePassphraseFile,
    register,
  };
}

export function collect(child: ChildProcess): Promise<RunResult> {
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

/** Resolves once the child's stdout contains `text`; rejects if it ends first. */
export function outputContains(child: ChildProcess, text: string): Promise<void> {
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
