/**
 * A grpc-js server interceptor that answers a client's malformed requests with
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
 * What grpc-js decides below the interceptors (a corrupt compressed message, an
 * unsupported grpc-encoding, a message over the size limit, a bad grpc-timeout)
 * is listed in docs/grpc-errors.md.
 */
import { Metadata, ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';
import { capMessage, MAX_ERROR_MESSAGE_CHARS } from '../core/errors/message-cap';
import { MalformedRequest } from './malformed-request';

export const requestChecks: ServerInterceptor = (method, call) => {
  const oneMessage = !method.requestStream;
  let received = 0;
  let refused = false;
  const refuse = (details: string) => {
    refused = true;
    call.sendStatus({ code: status.INVALID_ARGUMENT, details: capMessage(details), metadata: new Metadata() });
  };
  // Built only for a refusal: this interceptor runs on every call, GetStatus's hot path included.
  const exactlyOne = () => `${method.path} takes exactly one request message`;
  return new ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMessage: (message, pass) => {
          if (refused) return;
          if (message instanceof MalformedRequest) return refuse(message.message);
          if (oneMessage && ++received > 1) return refuse(`${exactlyOne()}; a second one arrived (send one message, then end the request)`);
          pass(message);
        },
        onReceiveHalfClose: (pass) => {
          if (refused) return;
          if (oneMessage && received === 0) {
            return refuse(`${exactlyOne()}; the request ended before a whole one arrived (none was sent, or its gRPC frame was cut short)`);
          }
          pass();
        },
      }),
    sendStatus: (sent, pass) => pass(sent.details && sent.details.length > MAX_ERROR_MESSAGE_CHARS ? { ...sent, details: capMessage(sent.details) } : sent),
  });
};
