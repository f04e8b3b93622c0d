/**
 * Answers a call that takes one response (unary or client-streaming): the
 * domain's result, or its error as a gRPC status (status-mapping.ts). A throw
 * before the first await is answered like a rejection.
 */
import type { handleUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { toServiceError } from './status-mapping';

export function answer<Res>(callback: sendUnaryData<Res>, work: () => Promise<Res> | Res): void {
  Promise.resolve()
    .then(work)
    .then(
      (response) => callback(null, response),
      (err) => callback(toServiceError(err)),
    );
}

/** A unary handler from a domain call on the request. */
export function unary<Req, Res>(work: (request: Req) => Promise<Res> | Res): handleUnaryCall<Req, Res> {
  return (call, callback) => answer(callback, () => work(call.request));
}
