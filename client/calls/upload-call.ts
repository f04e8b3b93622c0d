/**
 * A client stream (UploadPackage): the header first, then the content in order
 * with backpressure. Cancelling (signal) cuts the upload off, and the host
 * keeps nothing of it. A failure of the call is a ClientError; a failure of
 * the content source (the caller's own iterable) is passed on as it was thrown.
 */
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { ClientError, type CallContext } from '../errors/client-error';
import { grpcCallOptions, type CallOptions } from './call-options';

export interface UploadOptions extends CallOptions {
  signal?: AbortSignal;
}

export function uploadCall<I extends DescMessage, O>(
  client: grpc.Client,
  method: grpc.MethodDefinition<object, object>,
  schema: I,
  messages: AsyncIterable<MessageInitShape<I>>,
  context: CallContext,
  options?: UploadOptions,
): Promise<O> {
  return new Promise((resolve, reject) => {
    // Once the call has ended (answered, refused early, cancelled) stop
    // writing and release the content source instead of waiting for 'drain'.
    let ended = false;
    let wake: () => void = () => undefined;
    const call = client.makeClientStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      new grpc.Metadata(),
      grpcCallOptions(options),
      (err, response) => {
        ended = true;
        wake();
        if (err) reject(ClientError.from(err, context));
        else resolve(response as O);
      },
    );
    options?.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    const write = (message: MessageInitShape<I>) =>
      new Promise<void>((done) => {
        if (call.write(create(schema, message))) return done();
        wake = () => {
          call.off('drain', wake);
          done();
        };
        call.on('drain', wake);
      });
    (async () => {
      for await (const message of messages) {
        if (ended || options?.signal?.aborted) return; // leaving the loop closes the source
        await write(message);
      }
      if (!ended) call.end();
    })().catch((err) => {
      call.cancel();
      reject(err);
    });
  });
}
