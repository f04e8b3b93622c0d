/** grpc.health.v1: Check and Watch for the server ("") and each registered service. */
import { create } from '@bufbuild/protobuf';
import { status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from '@grpc/grpc-js';
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '../../gen/grpc/health/v1/health_pb';
import { quoteValue } from '../../contract/quote-value';

export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<(service: string) => void>();

  set(service: string, value: ServingStatus): void {
    if (this.statuses.get(service) === value) return;
    this.statuses.set(service, value);
    for (const watcher of this.watchers) watcher(service);
  }

  /** Marks everything NOT_SERVING, e.g. while shutting down. */
  setAll(value: ServingStatus): void {
    for (const service of this.statuses.keys()) this.set(service, value);
  }

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  onChange(watcher: (service: string) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }
}

function response(value: ServingStatus): HealthCheckResponse {
  return create(HealthCheckResponseSchema, { status: value });
}

export function healthHandlers(state: HealthState) {
  return {
    check(call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>) {
      const value = state.get(call.request.service);
      if (value === undefined) {
        callback({ code: status.NOT_FOUND, details: `unknown service ${quoteValue(call.request.service)}` });
        return;
      }
      callback(null, response(value));
    },
    watch(call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) {
      const service = call.request.service;
      let last: ServingStatus | undefined;
      const send = () => {
        const value = state.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (value !== last) call.write(response(value));
        last = value;
      };
      send();
      const off = state.onChange((changed) => changed === service && send());
      call.once('cancelled', off);
      call.once('close', off);
    },
  };
}
