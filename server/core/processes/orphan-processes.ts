/**
 * After a crash: installer processes a dead daemon left running. They are
 * found by their working folder, which lies inside the job's own work folder
 * (<state>/work/<job-id>/...) — nothing else on the host works there, so a
 * reused pid can never be mistaken for one. Their output pipe died with the
 * daemon (the next line they print kills them with SIGPIPE, at some random
 * point), no one records their output any more, and a new Install would trip
 * over their lock; so their process groups are ended, deliberately: SIGTERM
 * (the installer's own cleanup runs), SIGKILL after a grace period.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listProcPids, readProcStat } from './proc-stat';
import { groupIsAlive, signalGroup } from './process-group';

const KILL_AFTER_MS = 5000;
const POLL_MS = 50;

/** Process groups with a member whose working folder is `dir` or inside it. */
export function groupsWorkingIn(procRoot: string, dir: string): number[] {
  const groups = new Set<number>();
  for (const pid of listProcPids(procRoot) ?? []) {
    const cwd = readCwd(path.join(procRoot, pid, 'cwd'));
    if (!cwd || (cwd !== dir && !cwd.startsWith(`${dir}/`))) continue;
    const stat = readProcStat(path.join(procRoot, pid, 'stat'));
    if (stat && stat.state !== 'Z') groups.add(stat.pgrp);
  }
  return [...groups];
}

/** Ends the groups; resolves once none is alive. */
export async function endGroups(pgids: number[]): Promise<void> {
  if (pgids.length === 0) return;
  for (const pgid of pgids) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + KILL_AFTER_MS;
  for (;;) {
    const alive = pgids.filter(groupIsAlive);
    if (alive.length === 0) return;
    if (Date.now() >= deadline) {
      for (const pgid of alive) signalGroup(pgid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function readCwd(link: string): string | undefined {
  try {
    return fs.readlinkSync(link);
  } catch {
    return undefined; // gone, or another user's process
  }
}
