/** AgentControl's gRPC handlers: thin adapters over the domain core, one file per area. */
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { GetStatusRequest, GetStatusResponse } from '../../gen/mobility/v1/agent_control_pb';
import type { JobManager } from '../core/jobs/job-manager';
import type { LogTailer } from '../core/logs/log-tailer';
import type { PackageRepository } from '../core/packages/package-repository';
import { readHostStatus, type StatusContext } from '../core/status/host-status';
import { jobHandlers } from './job-handlers';
import { packageHandlers } from './package-handlers';
import { toServiceError } from './status-mapping';
import { tailLogHandler } from './tail-log-handler';

export interface AgentControlDeps {
  status: StatusContext;
  tailer: LogTailer;
  packages: PackageRepository;
  jobs: JobManager;
}

export function agentControlHandlers(deps: AgentControlDeps): UntypedServiceImplementation {
  return {
    getStatus(_call: ServerUnaryCall<GetStatusRequest, GetStatusResponse>, callback: sendUnaryData<GetStatusResponse>) {
      readHostStatus(deps.status).then(
        (response) => callback(null, response),
        (err) => callback(toServiceError(err)),
      );
    },
    tailLog: tailLogHandler(deps.tailer),
    ...packageHandlers(deps.packages, deps.status, deps.jobs),
    ...jobHandlers(deps.jobs),
  } as UntypedServiceImplementation;
}
