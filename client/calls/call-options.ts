/** What a caller may say about one call, and how it becomes grpc-js's call options. */
import type * as grpc from '@grpc/grpc-js';

export interface CallOptions {
  /** Milliseconds until the call fails with a 'deadline' ClientError. */
  timeoutMs?: number;
}

export function grpcCallOptions(options?: CallOptions): grpc.CallOptions {
  return options?.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : {};
}
