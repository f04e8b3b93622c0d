/**
 * The handlers a service is served with are typed from its descriptor
 * (server/grpc/service-handlers.ts): a missing, misspelt or mistyped handler
 * fails `npm run typecheck`. The @ts-expect-error lines below are the proof:
 * if one of them stopped being an error, the type check would fail on the
 * unused directive.
 */
import assert from 'node:assert/strict';
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  Health,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '../../gen/grpc/health/v1/health_pb';
import type { ServiceHandlers } from '../../server/grpc/service-handlers';

type HealthHandlers = ServiceHandlers<typeof Health>;

const check = (_call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>) =>
  callback(null, create(HealthCheckResponseSchema, { status: ServingStatus.SERVING }));
const watch = (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => call.end();

describe('service handlers typed from the descriptor', () => {
  it('takes one handler per RPC, by its localName, of the kind the RPC is', () => {
    const handlers: HealthHandlers = { check, watch };
    assert.deepEqual(Object.keys(handlers), Health.methods.map((m) => m.localName));
  });

  it('refuses a missing, misspelt or mistyped handler at type-check time', () => {
    // @ts-expect-error watch is missing
    const missing: HealthHandlers = { check };
    // @ts-expect-error "wach" is not an RPC of grpc.health.v1.Health
    const misspelt: HealthHandlers = { check, wach: watch };
    // @ts-expect-error a server-streaming handler where the RPC is unary
    const wrongKind: HealthHandlers = { check: watch, watch };
    assert.ok(missing && misspelt && wrongKind);
  });
});
