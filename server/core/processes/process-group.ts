/**
 * Signals for a child's whole process tree: the job programs' runner stops
 * them with it, and startup ends those a dead daemon left. The child is
 * started detached, so it leads its own process group and everything it
 * starts (rpm, service scripts, a VSS helper) is in that group unless it
 * leaves on purpose.
 */
import { spawn } from 'node:child_process';
import { listProcPids, readProcStat } from './proc-stat';

/**
 * Sends a signal to the group led by `pid`; false when it could not be sent
 * (the group is gone, or a member is not ours to signal). Never throws: it runs
 * inside abort listeners, where an exception would bring the daemon down.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') return killWindowsTree(pid);
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Windows has no process groups to signal; taskkill /T ends the tree instead. */
function killWindowsTree(pid: number): boolean {
  const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
  killer.on('error', () => undefined);
  return true;
}

/**
 * True while some member of the group can still run. Zombies do not count: a
 * killed grandchild whose parent died waits for init to reap it, which some
 * container inits do late, yet it is already dead.
 */
export function groupIsAlive(pgid: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  return linuxGroupHasLiveMember(pgid) ?? true;
}

/** Scans /proc for a member of the group that is not a zombie; undefined without /proc. */
function linuxGroupHasLiveMember(pgid: number): boolean | undefined {
  const pids = listProcPids('/proc');
  if (pids === undefined) return undefined;
  return pids.some((pid) => {
    const stat = readProcStat(`/proc/${pid}/stat`);
    return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X';
  });
}
