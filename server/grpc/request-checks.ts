/**
 * The checks that answer a client's malformed requests with
 * INVALID_ARGUMENT before a handler sees them, and caps every status message:
 *
 *  - a message that does not decode (a MalformedRequest from the deserializer);
 *  - a one-message call (unary or server streaming) that gets a second message,
 *    or whose request ends before one whole message arrived (none was sent, or
 *    its frame was cut short). grpc-js itself answers these UNIMPLEMENTED
 *    "... for server streaming method", which reads as a server fault;
 *  - every status that leaves, whoever sent it, has its message cut to
 *    MAX_ERROR_MESSAGE_CHARS.
 *
 * They run on every call: alone (requestChecks) where nothing else wraps the
 * call, or inside the access interceptor's wrapper (access-interceptor.ts),
 * so that a call pays for one wrapper, not two.
 *
 * What grpc-js decides below the interceptors (a corrupt compressed message, an
 * unsupported grpc-encoding, a message over the size limit, a bad grpc-timeout)
 * is listed in docs/grpc-errors.md.
 */
import { Metadata, ServerInterceptingCall, status, type ServerInterceptingCallInterface, type ServerInterceptor, type ServerMethodDefinition } from '@grpc/grpc-js';
import { capMessage, MAX_ERROR_MESSAGE_CHARS } from '../core/errors/message-cap';
import { MalformedRequest } from './malformed-request';

/** grpc-js's status as a call sends it (its type is not exported by name). */
type PartialStatusObject = Parameters<ServerInterceptingCallInterface['sendStatus']>[0];

/** What a one-message call's requests have been so far: refusals are decided from it. */
export interface RequestCount {
  received: number;
}

/** Why a request message is refused (it does not decode, or is a second one), or undefined. */
export function messageProblem(method: ServerMethodDefinition<unknown, unknown>, count: RequestCount, message: unknown): string | undefined {
  if (message instanceof MalformedRequest) return message.message;
  if (!method.requestStream && ++count.received > 1) return `${exactlyOne(method)}; a second one arrived (send one message, then end the request)`;
  return undefined;
}

/** Why the end of a request is refused (a one-message call with none), or undefined. */
export function halfCloseProblem(method: ServerMethodDefinition<unknown, unknown>, count: RequestCount): string | undefined {
  if (method.requestStream || count.received > 0) return undefined;
  return `${exactlyOne(method)}; the request ended before a whole one arrived (none was sent, or its gRPC frame was cut short)`;
}

/** Every status that leaves, whoever sent it, with its message cut to MAX_ERROR_MESSAGE_CHARS. */
export function cappedStatus(sent: PartialStatusObject): PartialStatusObject {
  return sent.details && sent.details.length > MAX_ERROR_MESSAGE_CHARS ? { ...sent, details: capMessage(sent.details) } : sent;
}

// Built only for a refusal: these checks run on every call, GetStatus's hot path included.
const exactlyOne = (method: ServerMethodDefinition<unknown, unknown>) => `${method.path} takes exactly one request message`;

/**
 * The checks alone, for a call nothing else wraps (access-interceptor.ts folds
 * them into its own wrapper otherwise: one wrapper per call, not two).
 */
export const requestChecks: ServerInterceptor = (method, call) => {
  const count: RequestCount = { received: 0 };
  let refused = false;
  const refuse = (details: string) => {
    refused = true;
    call.sendStatus({ code: status.INVALID_ARGUMENT, details: capMessage(details), metadata: new Metadata() });
  };
  return new ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMessage: (message, pass) => {
          if (refused) return;
          const problem = messageProblem(method, count, message);
          if (problem) return refuse(problem);
          pass(message);
        },
        onReceiveHalfClose: (pass) => {
          if (refused) return;
          const problem = halfCloseProblem(method, count);
          if (problem) return refuse(problem);
          pass();
        },
      }),
    sendStatus: (sent, pass) => pass(cappedStatus(sent)),
  });
};
