/** What the REST routes are built over: the same domain core as the gRPC handlers. */
import type { AccessServices } from '../core/access/access-services';
import type { JobManager } from '../core/jobs/job-manager';
import type { LogTailer } from '../core/logs/log-tailer';
import type { PackageRepository } from '../core/packages/package-repository';
import type { StatusContext } from '../core/status/host-status';

export interface RestDeps {
  status: StatusContext;
  tailer: LogTailer;
  packages: PackageRepository;
  jobs: JobManager;
  /** Tokens, audit log, back-off, stream limits: enforced by access-guard.ts before every route. */
  access: AccessServices;
}
