/**
 * A real VS Code (code-server, on Node 24 from .cache/vscode-e2e) on 127.0.0.1,
 * with its own HOME, XDG folders, user data and extensions folders, quiet user
 * settings, and a .vsix installed with --install-extension. Stopping it kills
 * its whole process group (the extension host, pty host and file watcher too).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, NODE24_BIN_DIR } from './paths';
import { freePort } from '../../helpers/free-port';

/** User settings that keep code-server quiet and offline (test/e2e/README.md, "Why code-server, and what it needs"). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  // The test's daemons and Chromium listen on 127.0.0.1: no port forwarding, no notice about it.
  'remote.autoForwardPorts': false,
  'remote.restoreForwardedPorts': false,
};

export interface CodeServerOptions {
  /** The extension package to install. */
  vsix: string;
  /** User settings on top of QUIET_SETTINGS. */
  settings: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** Where code-server's own output is copied (a file), besides memory. */
  logFile?: string;
  /** Bound on the start (install + listen + /healthz); default 90 s. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  /** The scratch folder holding home, user data, extensions and the workspace. */
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  pid: number;
  /** code-server's stdout and stderr so far. */
  output(): string;
  /** Copies code-server's logs (extension host, windows, server) into a folder. */
  copyLogs(dest: string): void;
  /** Stops the whole process group (SIGTERM, then SIGKILL after 10 s) and removes the scratch folder. */
  stop(): Promise<void>;
}

function httpGet(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** An environment with nothing of the caller's VS Code, npm or Electron, and scratch HOME/XDG folders. */
function isolatedEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|npm_|NODE_OPTIONS$|NODE_PATH$|TSX_|MOCHA_)/i.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(home, '.run'),
    PATH: `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    // code-server reads PASSWORD / HASHED_PASSWORD; --auth none makes them moot, but never pass one on.
    PASSWORD: '',
    HASHED_PASSWORD: '',
    ...extra,
  });
  for (const dir of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) {
    fs.mkdirSync(env[dir]!, { recursive: true, mode: 0o700 });
  }
  return env;
}

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2)}\n`);
}

interface Launched {
  child: ChildProcess;
  port: number;
  url: string;
  running(): boolean;
  stop(): Promise<void>;
}

/**
 * Stopping a process started with detached: true (a group of its own) and all it
 * started: SIGTERM to the group, SIGKILL to what is left after 10 s. The group
 * is killed too if the test process exits without stopping it.
 */
function processGroup(child: ChildProcess): Omit<Launched, 'port' | 'url'> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // ESRCH: the group is gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const within = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  let stopping: Promise<void> | undefined;
  return {
    child,
    running: () => running,
    stop: () =>
      (stopping ??= (async () => {
        process.off('exit', onExit);
        killGroup('SIGTERM');
        await Promise.race([exited, within(10_000)]);
        // Whatever is left of the group (a child that outlived its parent), and the leader if it did not stop.
        killGroup('SIGKILL');
        await Promise.race([exited, within(2_000)]);
      })()),
  };
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const deadline = Date.now() + startTimeoutMs;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-e2e-vscode-'));
  const home = path.join(dir, 'home');
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  const workspace = path.join(dir, 'workspace');
  const configFile = path.join(dir, 'code-server.yaml');
  for (const d of [home, userDataDir, extensionsDir, workspace]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  writeUserSettings(userDataDir, options.settings);
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Mobility Control end-to-end workspace\n');
  const env = isolatedEnv(home, options.env ?? {});
  const logStream = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'w' }) : undefined;
  const log = (text: string) => logStream?.write(text);

  // 1. Install the extension.
  const install = spawnSync(
    NODE24,
    [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile,
      '--install-extension', options.vsix, '--force'],
    { env, cwd: workspace, encoding: 'utf8', timeout: Math.max(1000, deadline - Date.now()) },
  );
  log(`$ code-server --install-extension ${options.vsix}\n${install.stdout ?? ''}${install.stderr ?? ''}\n`);
  if (install.status !== 0 || !/successfully installed/i.test(`${install.stdout}${install.stderr}`)) {
    logStream?.end();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `code-server --install-extension ${options.vsix} failed (${install.error?.message ?? `exit ${install.status ?? install.signal}`}):\n` +
        `${install.stdout ?? ''}${install.stderr ?? ''}`,
    );
  }

  // 2. Start it, in a process group of its own, on a free port (again on another
  //    one if that port was taken in the meantime); 3. ready when /healthz answers.
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-200_000);
    log(text);
  };
  let launched: Launched | undefined;
  for (let attempt = 1; !launched; attempt++) {
    const port = await freePort();
    output = '';
    log(`$ code-server --bind-addr 127.0.0.1:${port} ...\n`);
    const child = spawn(NODE24, [
      CODE_SERVER_ENTRY,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--config', configFile,
      workspace,
    ], { env, cwd: workspace, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const candidate = processGroup(child);
    const url = `http://127.0.0.1:${port}/`;
    try {
      // code-server says when it listens; the health check then confirms it answers.
      const outcome = await untilListening(child, () => output, Math.max(0, deadline - Date.now()));
      if (outcome === 'exited' && attempt < 3 && /EADDRINUSE/.test(output)) {
        await candidate.stop();
        continue;
      }
      if (outcome === 'exited') throw new Error(`code-server exited before it was ready:\n${output.slice(-4000)}`);
      if (outcome === 'timeout') throw new Error(`code-server did not listen within ${startTimeoutMs} ms:\n${output.slice(-4000)}`);
      const health = await httpGet(`${url}healthz`, 5000);
      if (health !== 200) throw new Error(`code-server listens but ${url}healthz answered ${health}:\n${output.slice(-4000)}`);
      launched = { ...candidate, port, url };
    } catch (err) {
      await candidate.stop();
      logStream?.end();
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }
  const { port, url, child } = launched;
  const stop = async () => {
    await launched!.stop();
    logStream?.end();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  return {
    url,
    port,
    dir,
    userDataDir,
    extensionsDir,
    workspace,
    pid: child.pid!,
    output: () => output,
    copyLogs(dest) {
      const logs = path.join(userDataDir, 'logs');
      if (!fs.existsSync(logs)) return;
      fs.mkdirSync(dest, { recursive: true });
      fs.cpSync(logs, dest, { recursive: true });
    },
    stop,
  };
}

/** Resolves when code-server prints that its HTTP server listens, when it exits, or at the deadline. */
function untilListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<'listening' | 'exited' | 'timeout'> {
  return new Promise((resolve) => {
    const finish = (outcome: 'listening' | 'exited' | 'timeout') => {
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
      clearTimeout(timer);
      resolve(outcome);
    };
    const check = () => {
      if (/HTTP server listening on/.test(output())) finish('listening');
    };
    const onExit = () => finish('exited');
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}
