/**
 * Install and register jobs: durable, watchable, cancellable, one agent
 * operation at a time per host. (Interface fixed; implementation in progress.)
 */
import type { InstallRequest, Job, RegisterRequest } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import { AppError } from '../errors/app-error';
import type { LogCatalog } from '../logs/log-catalog';
import type { PackageRepository } from '../packages/package-repository';
import type { StatusContext } from '../status/host-status';

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

const notYet = () => new AppError('unimplemented', 'jobs are not implemented yet');

export class JobManager {
  protected constructor(protected readonly deps: JobManagerDeps) {}

  /** Loads the stored jobs and reconciles any that were running when the daemon stopped. */
  static async open(deps: JobManagerDeps): Promise<JobManager> {
    return new JobManager(deps);
  }

  async install(_request: InstallRequest): Promise<Job> {
    throw notYet();
  }

  async register(_request: RegisterRequest): Promise<Job> {
    throw notYet();
  }

  get(_id: string): Job {
    throw notYet();
  }

  list(_pageSize: number, _pageToken: string): JobPage {
    throw notYet();
  }

  /** The job now, then after every change, until it ends or `signal` aborts. */
  watch(_id: string, _signal: AbortSignal): AsyncIterable<Job> {
    throw notYet();
  }

  async cancel(_id: string): Promise<Job> {
    throw notYet();
  }

  /** Daemon shutdown. */
  async close(): Promise<void> {}
}
