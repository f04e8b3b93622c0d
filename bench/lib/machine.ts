/** What the figures were measured on: machine, Node, and the commit under test. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { REPO_ROOT } from './processes';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryTotalMB: number;
  node: string;
  platform: string;
  kernel: string;
  commit: string;
  /** Uncommitted changes in the checkout when the bench ran (others edit it concurrently). */
  dirtyFiles: number;
  daemonBundle: string;
  daemonBundleBuilt: string;
  /** Newer source files than the bundle (the bundle may not contain them). */
  staleSources: string[];
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machineInfo(daemonBundle: string): MachineInfo {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  let built = '';
  let staleSources: string[] = [];
  try {
    const bundleTime = fs.statSync(daemonBundle).mtimeMs;
    built = new Date(bundleTime).toISOString();
    staleSources = newerFiles(['server', 'gen'], bundleTime);
  } catch {
    built = 'missing';
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryTotalMB: Math.round(os.totalmem() / 1_048_576),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirtyFiles: status ? status.split('\n').length : 0,
    daemonBundle,
    daemonBundleBuilt: built,
    staleSources,
  };
}

function newerFiles(dirs: string[], than: number): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(`${REPO_ROOT}/${rel}`, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && fs.statSync(`${REPO_ROOT}/${child}`).mtimeMs > than) found.push(child);
    }
  };
  for (const dir of dirs) {
    try {
      walk(dir);
    } catch {
      // A folder another developer is moving: not ours to judge.
    }
  }
  return found;
}
