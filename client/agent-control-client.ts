/**
 * A typed, promise-based client for mobilityd over grpc-js, built from the same
 * generated descriptors as the server (so no message type is written by hand).
 * Used by mobilityctl, the tests, the benchmarks and the VS Code extension.
 */
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
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
  type ListJobsResponse,
  type ListPackagesResponse,
  type RegisterResponse,
  type TailLogResponse,
  type UploadPackageResponse,
  type WatchJobResponse,
} from '../gen/mobility/v1/agent_control_pb';
import { grpcServiceDefinition } from '../server/grpc/service-definition';
import { parseHostAddress } from './host-address';

export interface CallOptions {
  /** Milliseconds until the call fails with DEADLINE_EXCEEDED. */
  timeoutMs?: number;
}

/** A server stream as an async iterable; cancel() ends it from the client side. */
export interface ServerStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

const CLIENT_OPTIONS: grpc.ClientOptions = {
  // A bigger window lets log backfill run at full speed (notes/performance.md).
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

const agentControl = grpcServiceDefinition(AgentControl);
const health = grpcServiceDefinition(Health);

export class AgentControlClient {
  readonly address: string;
  private readonly client: grpc.Client;

  constructor(address: string, options: grpc.ClientOptions = {}) {
    this.address = parseHostAddress(address);
    this.client = new grpc.Client(this.address, grpc.credentials.createInsecure(), { ...CLIENT_OPTIONS, ...options });
  }

  getStatus(options?: CallOptions): Promise<GetStatusResponse> {
    return this.unary(agentControl.getStatus, GetStatusRequestSchema, {}, options);
  }

  tailLog(request: MessageInitShape<typeof TailLogRequestSchema>, options?: CallOptions): ServerStream<TailLogResponse> {
    return this.serverStream(agentControl.tailLog, TailLogRequestSchema, request, options);
  }

  install(request: MessageInitShape<typeof InstallRequestSchema>, options?: CallOptions): Promise<InstallResponse> {
    return this.unary(agentControl.install, InstallRequestSchema, request, options);
  }

  register(request: MessageInitShape<typeof RegisterRequestSchema>, options?: CallOptions): Promise<RegisterResponse> {
    return this.unary(agentControl.register, RegisterRequestSchema, request, options);
  }

  getJob(id: string, options?: CallOptions): Promise<GetJobResponse> {
    return this.unary(agentControl.getJob, GetJobRequestSchema, { id }, options);
  }

  listJobs(request: MessageInitShape<typeof ListJobsRequestSchema> = {}, options?: CallOptions): Promise<ListJobsResponse> {
    return this.unary(agentControl.listJobs, ListJobsRequestSchema, request, options);
  }

  watchJob(id: string, options?: CallOptions): ServerStream<WatchJobResponse> {
    return this.serverStream(agentControl.watchJob, WatchJobRequestSchema, { id }, options);
  }

  cancelJob(id: string, options?: CallOptions): Promise<CancelJobResponse> {
    return this.unary(agentControl.cancelJob, CancelJobRequestSchema, { id }, options);
  }

  listPackages(options?: CallOptions): Promise<ListPackagesResponse> {
    return this.unary(agentControl.listPackages, ListPackagesRequestSchema, {}, options);
  }

  /** Removes a package from the host's repository; FAILED_PRECONDITION while a job uses it. */
  deletePackage(name: string, options?: CallOptions): Promise<DeletePackageResponse> {
    return this.unary(agentControl.deletePackage, DeletePackageRequestSchema, { name }, options);
  }

  /**
   * Push installation: streams a package to the host. The header goes first;
   * `content` is sent in order with backpressure. Cancelling (options.signal)
   * cuts the upload off, and the host keeps nothing of it.
   */
  uploadPackage(
    header: { name: string; sha256: string; sizeBytes: number | bigint },
    content: AsyncIterable<Uint8Array>,
    options?: CallOptions & { signal?: AbortSignal },
  ): Promise<UploadPackageResponse> {
    return new Promise((resolve, reject) => {
      const method = agentControl.uploadPackage;
      // Once the call has ended (answered, refused early, cancelled) stop
      // writing and release the content source instead of waiting for 'drain'.
      let ended = false;
      let wake: () => void = () => undefined;
      const call = this.client.makeClientStreamRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        new grpc.Metadata(),
        callOptions(options),
        (err, response) => {
          ended = true;
          wake();
          if (err) reject(err);
          else resolve(response as UploadPackageResponse);
        },
      );
      options?.signal?.addEventListener('abort', () => call.cancel(), { once: true });
      const write = (part: MessageInitShape<typeof UploadPackageRequestSchema>['part']) =>
        new Promise<void>((done) => {
          if (call.write(create(UploadPackageRequestSchema, { part }))) return done();
          wake = () => {
            call.off('drain', wake);
            done();
          };
          call.on('drain', wake);
        });
      (async () => {
        await write({ case: 'header', value: { ...header, sizeBytes: BigInt(header.sizeBytes) } });
        for await (const chunk of content) {
          if (ended || options?.signal?.aborted) return; // leaving the loop closes the source
          await write({ case: 'chunk', value: chunk });
        }
        if (!ended) call.end();
      })().catch((err) => {
        call.cancel();
        reject(err);
      });
    });
  }

  checkHealth(service = '', options?: CallOptions): Promise<HealthCheckResponse> {
    return this.unary(health.check, HealthCheckRequestSchema, { service }, options);
  }

  /** Waits until the channel is connected (or the deadline passes). */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())),
    );
  }

  close(): void {
    this.client.close();
  }

  private unary<I extends DescMessage, O>(
    method: grpc.MethodDefinition<object, object>,
    schema: I,
    init: MessageInitShape<I>,
    options?: CallOptions,
  ): Promise<O> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        create(schema, init) as MessageShape<I>,
        new grpc.Metadata(),
        callOptions(options),
        (err, response) => (err ? reject(err) : resolve(response as O)),
      );
    });
  }

  private serverStream<I extends DescMessage, O>(
    method: grpc.MethodDefinition<object, object>,
    schema: I,
    init: MessageInitShape<I>,
    options?: CallOptions,
  ): ServerStream<O> {
    const call = this.client.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      create(schema, init) as MessageShape<I>,
      new grpc.Metadata(),
      callOptions(options),
    );
    const iterable = call as unknown as AsyncIterable<O>;
    return {
      cancel: () => call.cancel(),
      [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
    };
  }
}

function callOptions(options?: CallOptions): grpc.CallOptions {
  return options?.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : {};
}
