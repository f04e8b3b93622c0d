/**
 * A server stream (TailLog, WatchJob) as an async iterable whose failures are
 * ClientErrors, like every other call's. Leaving a `for await` early, or
 * cancel(), ends the call; this side's own cancel surfaces as a ClientError
 * with reason 'cancelled' from a loop still reading.
 */
import * as grpc from '@grpc/grpc-js';
import { ClientError, type CallContext } from '../errors/client-error';
import { grpcCallOptions, type CallOptions } from './call-options';

/** A server stream as an async iterable; cancel() ends it from the client side. */
export interface ServerStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

export function serverStreamCall<O>(
  client: grpc.Client,
  method: grpc.MethodDefinition<object, object>,
  request: object,
  context: CallContext,
  options?: CallOptions,
): ServerStream<O> {
  const call = client.makeServerStreamRequest(
    method.path,
    method.requestSerialize,
    method.responseDeserialize,
    request,
    new grpc.Metadata(),
    grpcCallOptions(options),
  );
  const fail = (err: unknown): never => {
    throw ClientError.from(err, context);
  };
  return {
    cancel: () => call.cancel(),
    [Symbol.asyncIterator]() {
      const messages = (call as unknown as AsyncIterable<O>)[Symbol.asyncIterator]();
      return {
        next: () => messages.next().then(undefined, fail),
        return: (value?: unknown) =>
          messages.return ? messages.return(value).then(undefined, fail) : Promise.resolve({ done: true as const, value: value as O }),
      };
    },
  };
}
