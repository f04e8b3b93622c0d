/**
 * What the extension knows about one host: the answer of its last query
 * (GetStatus and the recent jobs, asked together, each with a deadline), or
 * why there was none.
 */
import type { AgentControlClient } from '../../../client/agent-control-client';
import { ClientError } from '../../../client/errors/client-error';
import type { GetStatusResponse, Job } from '../../../gen/mobility/v1/agent_control_pb';
import { hostProblem } from './host-errors';

export type HostSnapshot =
  /** Not asked yet, or the first answer is on its way. */
  | { kind: 'loading' }
  /** No answer: refused, timed out, dropped. `reason` is short, e.g. "connection refused". */
  | { kind: 'unreachable'; reason: string; observedAt: number; timedOut: boolean }
  /** The daemon answered GetStatus with an error (e.g. it cannot read a host file); its words. */
  | { kind: 'refused'; message: string; observedAt: number }
  /** The daemon refused the caller: token missing, unknown, expired or revoked, or a role that may not view. */
  | { kind: 'authFailed'; message: string; observedAt: number }
  /** The daemon's certificate is not trusted (no CA vouches for it, nothing pinned). */
  | { kind: 'untrusted'; message: string; presented?: string; observedAt: number }
  /** The daemon's certificate is not the pinned one: refused, whatever it says. */
  | { kind: 'certificateChanged'; message: string; presented?: string; pinned: string; observedAt: number }
  /** The host's connection settings do not work: a TLS file unreadable, TLS on one end only, a client certificate refused. */
  | { kind: 'misconfigured'; message: string; observedAt: number }
  | {
      kind: 'ok';
      status: GetStatusResponse;
      /** Recent jobs, newest first (empty when ListJobs failed; see jobsError). */
      jobs: Job[];
      jobsError?: string;
      observedAt: number;
    };

export interface QueryOptions {
  /** Deadline of each call, ms. */
  timeoutMs: number;
  /** How many recent jobs to ask for. */
  jobsLimit: number;
  /** The fingerprint the connection pins, if any: a refusal of another certificate means it changed. */
  pin?: string;
}

export const RECENT_JOBS = 10;

/** Asks one host for its status and recent jobs at once; never throws. */
export async function queryHost(client: AgentControlClient, options: QueryOptions): Promise<HostSnapshot> {
  const { timeoutMs } = options;
  const [status, jobs] = await Promise.allSettled([
    client.getStatus({ timeoutMs }),
    client.listJobs({ pageSize: options.jobsLimit }, { timeoutMs }),
  ]);
  const observedAt = Date.now();
  if (status.status === 'rejected') return failedSnapshot(status.reason, observedAt, options.pin);
  if (jobs.status === 'rejected') {
    return { kind: 'ok', status: status.value, jobs: [], jobsError: hostProblem(jobs.reason).message, observedAt };
  }
  return { kind: 'ok', status: status.value, jobs: jobs.value.jobs, observedAt };
}

/** What a host is when asking it failed, by the kind of failure. */
export function failedSnapshot(err: unknown, observedAt: number, pin?: string): HostSnapshot {
  const problem = hostProblem(err, pin);
  const { message, presented } = problem;
  switch (problem.kind) {
    case 'unreachable':
      return { kind: 'unreachable', reason: message, observedAt, timedOut: ClientError.from(err).reason === 'deadline' };
    case 'auth':
      return { kind: 'authFailed', message, observedAt };
    case 'untrusted':
      return { kind: 'untrusted', message, ...(presented && { presented }), observedAt };
    case 'changed':
      return { kind: 'certificateChanged', message, ...(presented && { presented }), pinned: pin!, observedAt };
    case 'misconfigured':
      return { kind: 'misconfigured', message, observedAt };
    case 'refused':
      return { kind: 'refused', message, observedAt };
  }
}

/** The snapshot with one job's newer state merged in (WatchJob updates between queries). */
export function withJob(snapshot: HostSnapshot, job: Job): HostSnapshot {
  if (snapshot.kind !== 'ok') return snapshot;
  const index = snapshot.jobs.findIndex((j) => j.id === job.id);
  const jobs = index >= 0 ? snapshot.jobs.map((j, i) => (i === index ? job : j)) : [job, ...snapshot.jobs];
  return { ...snapshot, jobs };
}
