/**
 * AgentControl's gRPC handlers: thin adapters over the domain core, one file per
 * area. Typed from the generated descriptor, so a missing or misspelt handler
 * fails the type check.
 */
import type { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import type { AccessServices } from '../core/access/access-services';
import type { JobManager } from '../core/jobs/job-manager';
import type { LogTailer } from '../core/logs/log-tailer';
import type { PackageRepository } from '../core/packages/package-repository';
import { readHostStatus, type StatusContext } from '../core/status/host-status';
import { jobHandlers } from './job-handlers';
import { packageHandlers } from './package-handlers';
import type { ServiceHandlers } from './service-handlers';
import { tailLogHandler } from './tail-log-handler';
import { unary } from './unary-call';

export interface AgentControlDeps {
  status: StatusContext;
  tailer: LogTailer;
  packages: PackageRepository;
  jobs: JobManager;
  /** Tokens, audit log, back-off, stream limits: enforced by access-interceptor.ts, not by the handlers. */
  access: AccessServices;
}

export type AgentControlHandlers = ServiceHandlers<typeof AgentControl>;

export function agentControlHandlers(deps: AgentControlDeps): AgentControlHandlers {
  return {
    getStatus: unary(() => readHostStatus(deps.status)),
    tailLog: tailLogHandler(deps.tailer),
    ...packageHandlers(deps.packages, deps.status, deps.jobs),
    ...jobHandlers(deps.jobs),
  };
}
