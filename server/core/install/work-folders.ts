/**
 * Each install job works in <state>/work/<job-id>: the verified copy of the
 * package and the folder it is extracted into. The folder lives as long as
 * the job runs; it is removed when the job ends, and at startup for jobs that
 * ended while no daemon was there to remove it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DaemonConfig } from '../config/daemon-config';

export function workRoot(config: Pick<DaemonConfig, 'stateDir'>): string {
  return path.join(config.stateDir, 'work');
}

export function jobWorkDir(config: Pick<DaemonConfig, 'stateDir'>, id: string): string {
  return path.join(workRoot(config), id);
}

/** A fresh, empty, private folder for the job. */
export async function freshWorkDir(config: Pick<DaemonConfig, 'stateDir'>, id: string): Promise<string> {
  const dir = jobWorkDir(config, id);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export async function removeWorkDir(config: Pick<DaemonConfig, 'stateDir'>, id: string): Promise<void> {
  await fs.promises.rm(jobWorkDir(config, id), { recursive: true, force: true });
}

/** Work folders present now (their names are job ids). */
export function listWorkDirs(config: Pick<DaemonConfig, 'stateDir'>): string[] {
  try {
    return fs.readdirSync(workRoot(config));
  } catch {
    return [];
  }
}
