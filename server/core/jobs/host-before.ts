/**
 * What the host showed when a job started, kept beside the job's record as
 * <state>/jobs/<id>.host-before.json (mobilityd's own record, not part of the
 * API). It is written, and on disk (fsync, rename), before the job runs any
 * program, so a job a crash cut short either has it or never ran anything.
 * The reconciler (job-reconciler.ts) compares it with the host after a
 * restart: SUCCEEDED only if the agent's traces changed during the job.
 * The JobStore skips these files (their names are not "<id>.json"); a record
 * is removed once its job's end is on disk, and any left at start once the
 * unfinished jobs are settled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobState, RegistrationState, type AgentInfo } from '../../../gen/mobility/v1/agent_control_pb';
import type { AgentFingerprint } from '../agent/agent-fingerprint';
import type { DaemonConfig } from '../config/daemon-config';
import { writeFileDurably } from '../files/durable-file';
import { readAgent, readAgentFingerprint } from '../agent/agent-reader';
import type { JobRun } from './job-run';

const SUFFIX = '.host-before.json';

export interface HostBefore {
  fingerprint: AgentFingerprint;
  /** What the traces said then. */
  installed: boolean;
  version: string;
  /** The configuration server the agent was registered with then; empty when it was not registered. */
  registeredWith: string;
}

/** Starts the job and records the host before anything runs; false when the record cannot be made (the job then ended FAILED). */
export async function beginRecorded(run: JobRun, message: string): Promise<boolean> {
  run.begin(message);
  try {
    await recordHostBefore(run);
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    run.end({
      state: JobState.FAILED,
      message: `nothing was run: mobilityd could not record what the host showed before the job (${why}), which it needs to settle the job after a crash`,
    });
    return false;
  }
}

/** Records the host as it is now for the running job; resolves once the record is on disk. */
export async function recordHostBefore(run: JobRun): Promise<void> {
  const [fingerprint, agent] = await Promise.all([readAgentFingerprint(run.host.status), readAgent(run.host.status)]);
  await saveHostBefore(run.host.config, run.job.id, { fingerprint, ...summary(agent) });
}

/** Writes a job's record; resolves once it is on disk. */
export async function saveHostBefore(config: Pick<DaemonConfig, 'stateDir'>, id: string, before: HostBefore): Promise<void> {
  const file = hostBeforeFile(config, id);
  // ".tmp-" is the JobStore's temporary mark: a leftover is removed when the jobs are loaded.
  await writeFileDurably(file, `${JSON.stringify(before, null, 2)}\n`, `${file}.tmp-${process.pid}`);
}

export function summary(agent: AgentInfo): Omit<HostBefore, 'fingerprint'> {
  const registered = agent.installed && agent.registration === RegistrationState.REGISTERED;
  return { installed: agent.installed, version: agent.version, registeredWith: registered ? agent.csEndpoint : '' };
}

/** The record of a job, or undefined when there is none (the job never got to run anything) or it is unreadable. */
export function loadHostBefore(config: Pick<DaemonConfig, 'stateDir'>, id: string): HostBefore | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(hostBeforeFile(config, id), 'utf8')) as Partial<HostBefore>;
    const fp = data.fingerprint;
    if (!fp || typeof fp.sha256 !== 'string' || typeof fp.identity !== 'string' || typeof fp.present !== 'boolean') return undefined;
    return { fingerprint: fp, installed: !!data.installed, version: String(data.version ?? ''), registeredWith: String(data.registeredWith ?? '') };
  } catch {
    return undefined;
  }
}

/** Once the job's end is on disk the record is not needed any more; never fails (a leftover goes at the next start). */
export async function removeHostBefore(config: Pick<DaemonConfig, 'stateDir'>, id: string): Promise<void> {
  await fs.promises.rm(hostBeforeFile(config, id), { force: true }).catch(() => undefined);
}

/** At start, once every job is settled: no job runs, so no record is needed (a crash may have left some). */
export function removeAllHostBefore(config: Pick<DaemonConfig, 'stateDir'>): void {
  const dir = jobsDir(config);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const name of names) if (name.endsWith(SUFFIX)) fs.rmSync(path.join(dir, name), { force: true });
}

function jobsDir(config: Pick<DaemonConfig, 'stateDir'>): string {
  return path.join(config.stateDir, 'jobs');
}

function hostBeforeFile(config: Pick<DaemonConfig, 'stateDir'>, id: string): string {
  return path.join(jobsDir(config), `${id}${SUFFIX}`);
}
