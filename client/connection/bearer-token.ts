/**
 * The token as `authorization: Bearer <token>` metadata on every call the
 * channel makes (unary, streams, upload, health). An interceptor, not grpc-js
 * call credentials: grpc-js refuses call credentials on a plain channel, and a
 * token over a Unix socket or loopback TCP is legitimate.
 */
import * as grpc from '@grpc/grpc-js';

export function bearerTokenInterceptor(token: string): grpc.Interceptor {
  const value = `Bearer ${token}`;
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', value);
        next(metadata, listener);
      },
    });
}
