/**
 * Asserts that a call fails with a gRPC status and a message matching a
 * pattern; returns the error as the client layer reports it (a ClientError,
 * whose rawMessage is the daemon's message). Raw grpc-js calls are read the same way.
 */
import { strict as assert } from 'node:assert';
import { status } from '@grpc/grpc-js';
import { ClientError } from '../../client/errors/client-error';
import { errorCodeOf } from '../../contract/error-codes';

export async function expectGrpcError(call: Promise<unknown>, code: status, message: RegExp): Promise<ClientError> {
  let error: ClientError | undefined;
  try {
    await call;
  } catch (err) {
    error = ClientError.from(err);
  }
  assert.ok(error, `expected ${status[code]}, but the call succeeded`);
  assert.equal(error.code, errorCodeOf(code), `expected ${status[code]}, got ${error.code}: ${error.rawMessage}`);
  assert.match(error.rawMessage, message);
  return error;
}

/**
 * The ClientError a client-layer call (or a stream, read to its end) fails
 * with; fails the test when it succeeds, or when it throws anything else (the
 * client layer never lets grpc-js's own errors out).
 */
export async function callFailure(call: Promise<unknown> | AsyncIterable<unknown>): Promise<ClientError> {
  try {
    if (Symbol.asyncIterator in call) for await (const message of call) void message;
    else await call;
  } catch (err) {
    assert.ok(err instanceof ClientError, `expected a ClientError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected the call to fail, and it succeeded');
}
