/**
 * Install and register jobs: durable, watchable, cancellable, one agent
 * operation at a time per host. This folder is the machinery both share; what
 * each one checks and runs is in install/ and register/.
 *
 *  - Admission (admission-queue.ts) runs one request at a time: request-id
 *    lookup, then field validation, "is an operation running?" and host
 *    checks (install/install-admission.ts, register/register-admission.ts),
 *    then the job is written to disk and only then acknowledged.
 *  - A running job changes through its JobRun; each change is published to
 *    watchers and written to <state>/jobs/<id>.json.
 *  - Shutdown (close) stops running jobs: see `close` for why.
 *  - Startup (open) settles jobs a dead daemon left running (job-startup.ts).
 */
import * as path from 'node:path';
import { JobKind, JobState, type InstallRequest, type Job, type RegisterRequest, type UninstallRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { AppError, failedPrecondition, notFound } from '../errors/app-error';
import { quoteValue } from '../../../contract/quote-value';
import type { LogCatalog } from '../logs/log-catalog';
import type { PackageRepository } from '../packages/package-repository';
import type { PackageUse } from '../packages/repository-errors';
import type { StatusContext } from '../status/host-status';
import { admitInstall } from '../install/install-admission';
import { admitRegister } from '../register/register-admission';
import { admitUninstall } from '../uninstall/uninstall-admission';
import { AdmissionQueue } from './admission-queue';
import type { AdmittedJob } from './admitted-job';
import { JobEvents, watchJob, type Revision } from './job-events';
import { advancePast, newJobId } from './job-ids';
import { pageIds } from './job-paging';
import { isEnded, kindName, newJob, snapshot } from './job-record';
import { JobRun, type JobHost } from './job-run';
import { recoverJobs } from './job-startup';
import { JobStore } from './job-store';
import { validateRequestId } from './request-id';
import { removeWorkDir } from '../install/work-folders';
import { removeHostBefore } from './host-before';

export interface JobManagerDeps {
  config: DaemonConfig;
  catalog: LogCatalog;
  packages: PackageRepository;
  status: StatusContext;
}

export interface JobPage {
  jobs: Job[];
  nextPageToken: string;
}

interface Entry {
  job: Job;
  revision: number;
  /** Once the job has ended: resolves when the end is stored and published. */
  settled?: Promise<void>;
}

/** How long close() waits for stopped jobs (runProcess escalates to SIGKILL after 5 s). */
const CLOSE_GRACE_MS = 10_000;

export class JobManager {
  private readonly entries = new Map<string, Entry>();
  /** Every job id, oldest first (ids sort by creation). */
  private readonly ids: string[] = [];
  private readonly byRequestId = new Map<string, string>();
  private readonly running = new Map<string, { run: JobRun; done: Promise<void> }>();
  private readonly events = new JobEvents();
  private readonly admissions = new AdmissionQueue();
  private readonly host: JobHost;
  private closing = false;

  protected constructor(
    protected readonly deps: JobManagerDeps,
    private readonly store: JobStore,
  ) {
    this.host = { config: deps.config, catalog: deps.catalog, status: deps.status };
  }

  /** Loads the stored jobs and reconciles any that were running when the daemon stopped. */
  static async open(deps: JobManagerDeps): Promise<JobManager> {
    const manager = new JobManager(deps, new JobStore(path.join(deps.config.stateDir, 'jobs')));
    for (const job of await recoverJobs(manager.store, manager.host, warn)) manager.add(job);
    return manager;
  }

  install(request: InstallRequest): Promise<Job> {
    return this.admit(request.requestId, JobKind.INSTALL, () => admitInstall(request, this.deps, () => this.requireIdle()));
  }

  register(request: RegisterRequest): Promise<Job> {
    return this.admit(request.requestId, JobKind.REGISTER, () => admitRegister(request, this.deps, () => this.requireIdle()));
  }

  uninstall(request: UninstallRequest): Promise<Job> {
    return this.admit(request.requestId, JobKind.UNINSTALL, () => admitUninstall(request, this.deps, () => this.requireIdle()));
  }

  get(id: string): Job {
    return snapshot(this.entry(id).job);
  }

  list(pageSize: number, pageToken: string): JobPage {
    const page = pageIds(this.ids, pageSize, pageToken);
    return { jobs: page.ids.map((id) => this.get(id)), nextPageToken: page.next };
  }

  /** The job now, then after every change, until it ends or `signal` aborts. */
  watch(id: string, signal: AbortSignal): AsyncIterable<Job> {
    const entry = this.entry(id); // NOT_FOUND now, not at the first iteration
    return watchJob(this.events, id, () => ({ job: snapshot(entry.job), revision: entry.revision }), signal);
  }

  /** Stops a queued or running job (its whole process tree) and returns it once it has ended. */
  async cancel(id: string): Promise<Job> {
    const entry = this.entry(id);
    const running = this.running.get(id);
    if (isEnded(entry.job) || !running) {
      throw failedPrecondition(`job ${id} already ended (${stateName(entry.job.state)}); there is nothing to cancel`);
    }
    running.run.stop('cancel');
    await running.done;
    return snapshot(entry.job);
  }

  /**
   * Runs `action` (DeletePackage) between admissions, with the package each
   * queued or running install job uses: no job can pick a package while it is
   * being removed, nor lose one it was admitted with.
   */
  whileNoJobStarts<T>(action: (inUse: ReadonlyMap<string, PackageUse>) => Promise<T>): Promise<T> {
    return this.admissions.run(async () => {
      const inUse = new Map<string, PackageUse>();
      for (const { run } of this.running.values()) {
        const { job } = run;
        const state = job.state === JobState.QUEUED ? 'queued' : 'running';
        if (job.request.case === 'install' && job.request.value.packageName) inUse.set(job.request.value.packageName, { jobId: job.id, state });
      }
      return action(inUse);
    });
  }

  /**
   * Daemon shutdown. Running jobs are stopped, not left running: the
   * installer's output reaches its log only through this process, so an
   * installer outliving the daemon would run unrecorded and die of SIGPIPE at
   * the first line it prints — at a random point. Stopping it deliberately
   * lets it clean up (it gets SIGTERM first) and the job says so: INTERRUPTED,
   * "run the job again". Bounded: a job that does not end in time stays
   * RUNNING on disk, and the next start settles it from the host's files.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.admissions.run(async () => undefined); // admissions in flight finish (or see closing) first
    const running = [...this.running.values()];
    for (const { run } of running) run.stop('shutdown');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
    await Promise.race([Promise.all(running.map((r) => r.done)), timeout]);
    clearTimeout(timer);
    await this.store.flush();
  }

  /** Runs one admission: the same request id returns its job; otherwise `prepare` decides and the job starts. */
  private admit(requestId: string, kind: JobKind, prepare: () => Promise<AdmittedJob>): Promise<Job> {
    validateRequestId(requestId);
    return this.admissions.run(async () => {
      this.requireOpen();
      const earlier = requestId ? this.byRequestId.get(requestId) : undefined;
      if (earlier) return this.retried(earlier, requestId, kind);
      const admitted = await prepare();
      this.requireOpen();
      const job = newJob(newJobId(), admitted.request, admitted.steps, requestId);
      await this.store.save(job); // on disk before the client hears of it: a retry after a crash finds it
      this.add(job);
      this.start(job, admitted.work);
      return snapshot(job);
    });
  }

  private retried(id: string, requestId: string, kind: JobKind): Job {
    const job = this.entry(id).job;
    if (job.kind !== kind) {
      throw failedPrecondition(`request_id ${quoteValue(requestId)} was already used for ${kindName(job.kind)} job ${id}; use a new request id for a ${kindName(kind)}`);
    }
    return snapshot(job);
  }

  private start(job: Job, work: (run: JobRun) => Promise<void>): void {
    const run = new JobRun(job, this.host, () => this.changed(job.id));
    const done = (async () => {
      try {
        await work(run);
      } catch (err) {
        if (!isEnded(job)) run.end({ state: JobState.FAILED, message: `internal error: ${(err as Error)?.message ?? String(err)}` });
      }
      await this.entries.get(job.id)?.settled;
      this.running.delete(job.id); // before any client can act on the end it was just told
    })();
    this.running.set(job.id, { run, done });
  }

  /**
   * A change is published at once and stored in the background, except the
   * end: it is published only once it is on disk (and the work folder is
   * gone), so a client that saw a job end finds it ended after any crash.
   */
  private changed(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.revision++;
    const change: Revision = { job: snapshot(entry.job), revision: entry.revision };
    const saved = this.store.save(change.job).catch((err: Error) => warn(`cannot store job ${id}: ${err.message}`));
    if (!isEnded(change.job)) return this.events.publish(change);
    // The work folder goes first too: what a client sees ended holds nothing any more.
    const cleaned = removeWorkDir(this.deps.config, id).catch((err: Error) => warn(`cannot remove the work folder of job ${id}: ${err.message}`));
    // What the host showed at the start is needed only until the end is on disk (host-before.ts).
    const forgotten = saved.then(() => removeHostBefore(this.deps.config, id));
    entry.settled = Promise.all([saved, cleaned, forgotten]).then(() => this.events.publish(change));
  }

  private add(job: Job): void {
    this.entries.set(job.id, { job, revision: 0 });
    this.ids.push(job.id);
    if (this.ids.length > 1 && this.ids[this.ids.length - 2] > job.id) this.ids.sort();
    if (job.requestId) this.byRequestId.set(job.requestId, job.id);
    advancePast(job.id);
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw notFound(`there is no job ${quoteValue(id)} on this host`);
    return entry;
  }

  private requireIdle(): void {
    for (const { run } of this.running.values()) {
      const { id, kind } = run.job;
      throw failedPrecondition(
        `another agent operation is running on this host: ${kindName(kind)} job ${id}; ` +
          'wait for it to end or cancel it, then try again',
      );
    }
  }

  private requireOpen(): void {
    if (this.closing) throw new AppError('unavailable', 'mobilityd is shutting down; try again when it is back');
  }
}

function warn(message: string): void {
  process.stderr.write(`mobilityd: ${message}\n`);
}

function stateName(state: JobState): string {
  return (JobState[state] ?? 'unknown').toLowerCase();
}
