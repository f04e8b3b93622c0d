/**
 * A typed, promise-based client for mobilityd over grpc-js, built from the
 * contract's descriptors (so no message type is written by hand). Used by
 * mobilityctl, the VS Code extension, the tests and the benchmarks.
 *
 * Every method answers what the call is for (the Job of an Install, the
 * package a DeletePackage removed, or the response) or throws a ClientError;
 * streams fail with ClientErrors too. Callers never see grpc-js's errors.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { serviceDefinition } from '../contract/service-definition';
import { Health, HealthCheckRequestSchema, type HealthCheckResponse } from '../gen/grpc/health/v1/health_pb';
import {
  AgentControl,
  CancelJobRequestSchema,
  DeletePackageRequestSchema,
  GetJobRequestSchema,
  GetStatusRequestSchema,
  InstallRequestSchema,
  ListJobsRequestSchema,
  ListPackagesRequestSchema,
  RegisterRequestSchema,
  TailLogRequestSchema,
  UploadPackageRequestSchema,
  WatchJobRequestSchema,
  type CancelJobResponse,
  type DeletePackageResponse,
  type GetJobResponse,
  type GetStatusResponse,
  type InstallResponse,
  type Job,
  type ListJobsResponse,
  type ListPackagesResponse,
  type Package,
  type RegisterResponse,
  type TailLogResponse,
  type UploadPackageResponse,
  type WatchJobResponse,
} from '../gen/mobility/v1/agent_control_pb';
import type { CallOptions } from './calls/call-options';
import { serverStreamCall, type ServerStream } from './calls/server-stream';
import { unaryCall } from './calls/unary-call';
import { uploadCall, type UploadOptions } from './calls/upload-call';
import { parseHostAddress } from './connection/host-address';
import { ClientError, type CallContext } from './errors/client-error';
import { requireField } from './errors/incomplete-answer';

const CLIENT_OPTIONS: grpc.ClientOptions = {
  // A bigger window lets log backfill run at full speed (docs/performance.md).
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

const agentControl = serviceDefinition(AgentControl);
const health = serviceDefinition(Health);

type UploadPart = MessageInitShape<typeof UploadPackageRequestSchema>;

export class AgentControlClient {
  /** The normalised host:port the client dials, e.g. 127.0.0.1:50051. */
  readonly address: string;
  private readonly client: grpc.Client;

  /** Throws AddressError (a ClientError) for a malformed address. */
  constructor(address: string, options: grpc.ClientOptions = {}) {
    this.address = parseHostAddress(address);
    this.client = new grpc.Client(this.address, grpc.credentials.createInsecure(), { ...CLIENT_OPTIONS, ...options });
  }

  getStatus(options?: CallOptions): Promise<GetStatusResponse> {
    return this.unary(agentControl.getStatus, create(GetStatusRequestSchema), this.context(options), options);
  }

  tailLog(request: MessageInitShape<typeof TailLogRequestSchema>, options?: CallOptions): ServerStream<TailLogResponse> {
    return serverStreamCall(this.client, agentControl.tailLog, create(TailLogRequestSchema, request), this.context(options), options);
  }

  /** Starts (or, for a request id already seen, finds) an install job. */
  async install(request: MessageInitShape<typeof InstallRequestSchema>, options?: CallOptions): Promise<Job> {
    const context = this.context(options, request.requestId);
    const response = await this.unary<InstallResponse>(agentControl.install, create(InstallRequestSchema, request), context, options);
    return requireField(response.job, 'job', 'Install', context);
  }

  /** Starts (or, for a request id already seen, finds) a register job. */
  async register(request: MessageInitShape<typeof RegisterRequestSchema>, options?: CallOptions): Promise<Job> {
    const context = this.context(options, request.requestId);
    const response = await this.unary<RegisterResponse>(agentControl.register, create(RegisterRequestSchema, request), context, options);
    return requireField(response.job, 'job', 'Register', context);
  }

  async getJob(id: string, options?: CallOptions): Promise<Job> {
    const context = this.context(options);
    const response = await this.unary<GetJobResponse>(agentControl.getJob, create(GetJobRequestSchema, { id }), context, options);
    return requireField(response.job, 'job', 'GetJob', context);
  }

  listJobs(request: MessageInitShape<typeof ListJobsRequestSchema> = {}, options?: CallOptions): Promise<ListJobsResponse> {
    return this.unary(agentControl.listJobs, create(ListJobsRequestSchema, request), this.context(options), options);
  }

  watchJob(id: string, options?: CallOptions): ServerStream<WatchJobResponse> {
    return serverStreamCall(this.client, agentControl.watchJob, create(WatchJobRequestSchema, { id }), this.context(options), options);
  }

  /** The job as the cancel left it; FAILED_PRECONDITION for a job that has ended (client/jobs/cancel-job.ts makes that no error). */
  async cancelJob(id: string, options?: CallOptions): Promise<Job> {
    const context = this.context(options);
    const response = await this.unary<CancelJobResponse>(agentControl.cancelJob, create(CancelJobRequestSchema, { id }), context, options);
    return requireField(response.job, 'job', 'CancelJob', context);
  }

  listPackages(options?: CallOptions): Promise<ListPackagesResponse> {
    return this.unary(agentControl.listPackages, create(ListPackagesRequestSchema), this.context(options), options);
  }

  /** Removes a package from the host's repository and answers it as it was; FAILED_PRECONDITION while a job uses it. */
  async deletePackage(name: string, options?: CallOptions): Promise<Package> {
    const context = this.context(options);
    const request = create(DeletePackageRequestSchema, { name });
    const response = await this.unary<DeletePackageResponse>(agentControl.deletePackage, request, context, options);
    return requireField(response.package, 'package', 'DeletePackage', context);
  }

  /**
   * Push installation: streams a package to the host, the header first, then
   * `content` in order with backpressure. Cancelling (options.signal) cuts the
   * upload off, and the host keeps nothing of it.
   */
  uploadPackage(
    header: { name: string; sha256: string; sizeBytes: number | bigint },
    content: AsyncIterable<Uint8Array>,
    options?: UploadOptions,
  ): Promise<UploadPackageResponse> {
    async function* parts(): AsyncIterable<UploadPart> {
      yield { part: { case: 'header', value: { ...header, sizeBytes: BigInt(header.sizeBytes) } } };
      for await (const chunk of content) yield { part: { case: 'chunk', value: chunk } };
    }
    return uploadCall(this.client, agentControl.uploadPackage, UploadPackageRequestSchema, parts(), this.context(options), options);
  }

  checkHealth(service = '', options?: CallOptions): Promise<HealthCheckResponse> {
    return this.unary(health.check, create(HealthCheckRequestSchema, { service }), this.context(options), options);
  }

  /** Waits until the channel is connected; a 'deadline' ClientError when it is not within timeoutMs. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(Date.now() + timeoutMs, (err) => {
        if (!err) return resolve();
        const init = { code: 'deadline_exceeded', reason: 'deadline', address: this.address, timeoutMs, cause: err } as const;
        reject(new ClientError(`not connected within ${timeoutMs} ms`, init));
      }),
    );
  }

  close(): void {
    this.client.close();
  }

  private unary<O>(method: grpc.MethodDefinition<object, object>, request: object, context: CallContext, options?: CallOptions): Promise<O> {
    return unaryCall<O>(this.client, method, request, context, options);
  }

  private context(options?: CallOptions, requestId?: string): CallContext {
    return { address: this.address, timeoutMs: options?.timeoutMs, requestId: requestId || undefined };
  }
}
