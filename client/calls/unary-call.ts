/** One request, one answer: the answer, or a ClientError (never a grpc-js ServiceError). */
import * as grpc from '@grpc/grpc-js';
import { ClientError, type CallContext } from '../errors/client-error';
import { grpcCallOptions, type CallOptions } from './call-options';

export function unaryCall<O>(
  client: grpc.Client,
  method: grpc.MethodDefinition<object, object>,
  request: object,
  context: CallContext,
  options?: CallOptions,
): Promise<O> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      new grpc.Metadata(),
      grpcCallOptions(options),
      (err, response) => (err ? reject(ClientError.from(err, context)) : resolve(response as O)),
    );
  });
}
