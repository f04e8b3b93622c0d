/**
 * What an audit line names as a call's target, read from the call's messages:
 * the job id, package name or log name the request gives, or for Install and
 * Register the id of the job the response created (the request has none yet).
 */
import type {
  CancelJobRequest,
  DeletePackageRequest,
  GetJobRequest,
  InstallResponse,
  RegisterResponse,
  TailLogRequest,
  UploadPackageRequest,
  WatchJobRequest,
} from '../../gen/mobility/v1/agent_control_pb';

export type TargetOf = (message: never) => string | undefined;

/** By AgentControl method name; read from the first request message only. */
export const REQUEST_TARGETS: Readonly<Record<string, TargetOf>> = {
  TailLog: (m: TailLogRequest) => m.log,
  GetJob: (m: GetJobRequest) => m.id,
  WatchJob: (m: WatchJobRequest) => m.id,
  CancelJob: (m: CancelJobRequest) => m.id,
  DeletePackage: (m: DeletePackageRequest) => m.name,
  UploadPackage: (m: UploadPackageRequest) => (m.part.case === 'header' ? m.part.value.name : undefined),
};

/** By AgentControl method name; read from the response message. */
export const RESPONSE_TARGETS: Readonly<Record<string, TargetOf>> = {
  Install: (m: InstallResponse) => m.job?.id,
  Register: (m: RegisterResponse) => m.job?.id,
};
