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
  UninstallRequestSchema,
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
  type UninstallResponse,
  type UploadPackageResponse,
  type WatchJobResponse,
} from '../gen/mobility/v1/agent_control_pb';
import type { CallOptions } from './calls/call-options';
import { serverStreamCall, type ServerStream } from './calls/server-stream';
import { unaryCall } from './calls/unary-call';
import { uploadCall, type UploadOptions } from './calls/upload-call';
import { deferredStream } from './calls/deferred-stream';
import type { ConnectionSecurity } from './connection/connection-security';
import { SecureChannel } from './connection/secure-channel';
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
  private readonly channel: SecureChannel;

  /**
   * `security`: TLS (a CA, a pinned fingerprint, the system's CAs), a client
   * certificate, a bearer token (see connection/connection-security.ts); none
   * means plain, no token. A pinned certificate is checked on the first call,
   * which fails with an 'untrusted' ClientError naming both fingerprints when
   * the daemon presents another.
   *
   * Throws AddressError (a ClientError) for a malformed address, and a
   * ClientError with reason 'tls' for security that cannot work at the address
   * (TLS options for a Unix socket, a certificate without its key, a token in
   * clear text beyond loopback).
   */
  constructor(address: string, options: grpc.ClientOptions = {}, security: ConnectionSecurity = {}) {
    this.channel = new SecureChannel(address, { ...CLIENT_OPTIONS, ...options }, security);
    this.address = this.channel.address;
  }

  getStatus(options?: CallOptions): Promise<GetStatusResponse> {
    return this.unary(agentControl.getStatus, create(GetStatusRequestSchema), this.context(options), options);
  }

  tailLog(request: MessageInitShape<typeof TailLogRequestSchema>, options?: CallOptions): ServerStream<TailLogResponse> {
    return this.stream(agentControl.tailLog, create(TailLogRequestSchema, request), this.context(options), options);
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

  /** Starts (or, for a request id already seen, finds) an uninstall job. */
  async uninstall(request: MessageInitShape<typeof UninstallRequestSchema> = {}, options?: CallOptions): Promise<Job> {
    const context = this.context(options, request.requestId);
    const response = await this.unary<UninstallResponse>(agentControl.uninstall, create(UninstallRequestSchema, request), context, options);
    return requireField(response.job, 'job', 'Uninstall', context);
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
    return this.stream(agentControl.watchJob, create(WatchJobRequestSchema, { id }), this.context(options), options);
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
    return this.upload(parts(), this.context(options), options);
  }

  checkHealth(service = '', options?: CallOptions): Promise<HealthCheckResponse> {
    return this.unary(health.check, create(HealthCheckRequestSchema, { service }), this.context(options), options);
  }

  /** Waits until the channel is connected; a 'deadline' ClientError when it is not within timeoutMs. */
  async waitForReady(timeoutMs: number): Promise<void> {
    const client = await this.channel.open({ timeoutMs });
    return new Promise((resolve, reject) =>
      client.waitForReady(Date.now() + timeoutMs, (err) => {
        if (!err) return resolve();
        const init = { code: 'deadline_exceeded', reason: 'deadline', address: this.address, timeoutMs, cause: err } as const;
        reject(new ClientError(`not connected within ${timeoutMs} ms`, init));
      }),
    );
  }

  close(): void {
    this.channel.close();
  }

  private async unary<O>(method: grpc.MethodDefinition<object, object>, request: object, context: CallContext, options?: CallOptions): Promise<O> {
    const client = await this.channel.open(context);
    try {
      return await unaryCall<O>(client, method, request, context, options);
    } catch (err) {
      throw await this.channel.explain(err, context);
    }
  }

  private async upload(parts: AsyncIterable<UploadPart>, context: CallContext, options?: UploadOptions): Promise<UploadPackageResponse> {
    const client = await this.channel.open(context);
    try {
      return await uploadCall(client, agentControl.uploadPackage, UploadPackageRequestSchema, parts, context, options);
    } catch (err) {
      throw await this.channel.explain(err, context);
    }
  }

  private stream<O>(method: grpc.MethodDefinition<object, object>, request: object, context: CallContext, options?: CallOptions): ServerStream<O> {
    const opening = this.channel.open(context).then((client) => serverStreamCall<O>(client, method, request, context, options));
    return deferredStream(opening, (err) => this.channel.explain(err, context));
  }

  private context(options?: CallOptions, requestId?: string): CallContext {
    return { address: this.address, timeoutMs: options?.timeoutMs, requestId: requestId || undefined };
  }
}
