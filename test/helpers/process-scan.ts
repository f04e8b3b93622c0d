/**
 * What runs on this machine, from /proc: the processes of one sandbox (every
 * program a test daemon starts gets MOBILITY_HOST_ROOT=<sandbox root> and
 * passes it on to its children), and every command line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

function pids(): string[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return undefined; // gone, or not ours
  }
}

/** Live (non-zombie) processes whose environment says they work for this root. */
export function processesOfRoot(root: string): number[] {
  const marker = `\0MOBILITY_HOST_ROOT=${root}\0`;
  return pids()
    .filter((pid) => {
      const stat = read(`/proc/${pid}/stat`);
      if (!stat || /^\S+ \(.*\) Z /.test(stat)) return false;
      return `\0${read(`/proc/${pid}/environ`) ?? ''}`.includes(marker);
    })
    .map(Number);
}

/** Every process's command line, arguments joined by spaces. */
export function commandLines(): Array<{ pid: number; cmdline: string }> {
  return pids()
    .map((pid) => ({ pid: Number(pid), cmdline: (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ') }))
    .filter((p) => p.cmdline.length > 0);
}

/** Ends a sandbox's processes (hygiene after a daemon was killed on purpose). */
export function killProcessesOfRoot(root: string): void {
  for (const pid of processesOfRoot(root)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Live processes whose process group is `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  return pids()
    .filter((pid) => {
      const stat = read(`/proc/${pid}/stat`);
      return stat !== undefined && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
    })
    .map(Number);
}

/** A pid that certainly belongs to no running process: a child that has exited and been reaped. */
export function deadPid(): number {
  const done = spawnSync('true');
  if (!done.pid) throw new Error('could not run `true`');
  return done.pid;
}
