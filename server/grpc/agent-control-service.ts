/** AgentControl's gRPC handlers: thin adapters over the domain core. */
import { status, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { AgentControl, type GetStatusRequest, type GetStatusResponse } from '../../gen/mobility/v1/agent_control_pb';
import type { LogTailer } from '../core/logs/log-tailer';
import { readHostStatus, type StatusContext } from '../core/status/host-status';
import { toServiceError } from './status-mapping';
import { tailLogHandler } from './tail-log-handler';

export interface AgentControlDeps {
  status: StatusContext;
  tailer: LogTailer;
}

/** Methods the next milestone (install and register jobs) implements. */
const LATER = ['install', 'register', 'getJob', 'listJobs', 'watchJob', 'cancelJob', 'uploadPackage', 'listPackages'];

export function agentControlHandlers(deps: AgentControlDeps): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {
    getStatus(_call: ServerUnaryCall<GetStatusRequest, GetStatusResponse>, callback: sendUnaryData<GetStatusResponse>) {
      readHostStatus(deps.status).then(
        (response) => callback(null, response),
        (err) => callback(toServiceError(err)),
      );
    },
    tailLog: tailLogHandler(deps.tailer),
  };
  for (const name of LATER) {
    const method = AgentControl.methods.find((m) => m.localName === name)!;
    handlers[name] = (call: { emit(event: 'error', err: object): void }, callback?: sendUnaryData<never>) => {
      const err = { code: status.UNIMPLEMENTED, details: `${method.name} is not implemented in this version of mobilityd` };
      if (callback) callback(err);
      else call.emit('error', err);
    };
  }
  return handlers;
}
