/** Asserts that a call fails with a gRPC status and a message (details) matching a pattern; returns the error. */
import { strict as assert } from 'node:assert';
import { status } from '@grpc/grpc-js';

export type GrpcError = Error & { code: number; details: string };

export async function expectGrpcError(call: Promise<unknown>, code: status, details: RegExp): Promise<GrpcError> {
  let error: GrpcError | undefined;
  try {
    await call;
  } catch (err) {
    error = err as GrpcError;
  }
  assert.ok(error, `expected ${status[code]}, but the call succeeded`);
  assert.equal(error.code, code, `expected ${status[code]}, got ${status[error.code]}: ${error.details}`);
  assert.match(error.details, details);
  return error;
}
