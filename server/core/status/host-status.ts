/** Assembles GetStatus from the host, at call time. (Filled in by the status module.) */
import { create } from '@bufbuild/protobuf';
import { GetStatusResponseSchema, type GetStatusResponse } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import type { LogCatalog } from '../logs/log-catalog';

export interface DaemonIdentity {
  version: string;
  startTime: Date;
  pid: number;
  /** Bound addresses, known only once the server listens. */
  listenAddresses: () => string[];
}

export interface StatusContext {
  config: DaemonConfig;
  catalog: LogCatalog;
  daemon: DaemonIdentity;
}

export async function readHostStatus(_ctx: StatusContext): Promise<GetStatusResponse> {
  return create(GetStatusResponseSchema, {});
}
