/**
 * The one error the client layer throws, modelled on connect-es's ConnectError:
 * a code from the shared vocabulary (contract/error-codes.ts), why the call
 * failed (the reason), the daemon's own message or the short transport cause,
 * and where it went. Every caller (mobilityctl, the extension, the tests) reads
 * failures from it instead of classifying grpc-js errors again; each puts its
 * own words on top (an exit code, a notification).
 */
import { errorCodeOf, type ErrorCode } from '../../contract/error-codes';
import { transportCause } from './transport-cause';

export type ClientErrorReason =
  /** Nothing listens at the address: the connection was refused. */
  | 'refused'
  /** No connection, or it broke: the name does not resolve, no route, dropped (or mobilityd is going away). */
  | 'unreachable'
  /** No answer before the call's deadline. */
  | 'deadline'
  /** mobilityd answered with an error: its code and its message. */
  | 'rejected'
  /** This side cancelled the call (stopped following, Ctrl-C, an aborted upload). */
  | 'cancelled'
  /** mobilityd answered without what the call returns (e.g. Install without the job). */
  | 'incomplete'
  /** The host address is malformed; nothing was sent (AddressError). */
  | 'address'
  /**
   * The daemon's TLS certificate is not trusted: no trusted CA signed it, it
   * expired, it names another host, or it is not the pinned one. The message
   * says how to trust it; certificateFingerprint names it when it was read.
   */
  | 'untrusted'
  /**
   * TLS does not match on both ends: a plain client at a TLS port or a TLS
   * client at a plain one, the daemon wants a client certificate or refused
   * the one sent, or TLS options where TLS cannot be (a Unix socket). The
   * message says which, and what to change.
   */
  | 'tls'
  /** Anything else that went wrong on this side. */
  | 'unexpected';

/** What the client knew about the call, for the message and the fields. */
export interface CallContext {
  /** The normalised address the call went to, e.g. 127.0.0.1:50051. */
  address?: string;
  /** The call's deadline, for "no answer within N ms". */
  timeoutMs?: number;
  /** The request id of an Install or Register, which a safe retry reuses. */
  requestId?: string;
}

export interface ClientErrorInit extends CallContext {
  code: ErrorCode;
  reason: ClientErrorReason;
  cause?: unknown;
  /** sha256:<hex> of the certificate the daemon presented, when it was read. */
  certificateFingerprint?: string;
}

/** The shape of grpc-js's ServiceError (a status number and its details). */
interface GrpcStatusError {
  code: number;
  details: string;
}

export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly reason: ClientErrorReason;
  /** The daemon's message for a rejection; otherwise the short cause, e.g. "connection refused". */
  readonly rawMessage: string;
  readonly address?: string;
  readonly requestId?: string;
  /** For 'untrusted' and 'tls': sha256:<hex> of the certificate the daemon presented, when it was read. */
  readonly certificateFingerprint?: string;

  constructor(rawMessage: string, init: ClientErrorInit) {
    super(`[${init.code}] ${rawMessage}`, { cause: init.cause });
    this.name = 'ClientError';
    this.code = init.code;
    this.reason = init.reason;
    this.rawMessage = rawMessage;
    this.address = init.address;
    this.requestId = init.requestId;
    this.certificateFingerprint = init.certificateFingerprint;
  }

  /** True when no answer came (refused, unreachable, deadline), as opposed to an answer or this side's doing. */
  get unreachable(): boolean {
    return this.reason === 'refused' || this.reason === 'unreachable' || this.reason === 'deadline';
  }

  /**
   * Whatever a call threw, as a ClientError: a ClientError as it is, a grpc-js
   * status classified once here, anything else as 'unexpected'.
   */
  static from(err: unknown, context: CallContext = {}): ClientError {
    if (err instanceof ClientError) return err;
    if (isGrpcStatusError(err)) return fromStatus(err, context);
    const message = err instanceof Error ? err.message : String(err);
    return new ClientError(message, { ...context, code: 'unknown', reason: 'unexpected', cause: err });
  }
}

function isGrpcStatusError(err: unknown): err is GrpcStatusError {
  return typeof (err as GrpcStatusError)?.code === 'number' && typeof (err as GrpcStatusError)?.details === 'string';
}

function fromStatus(err: GrpcStatusError, context: CallContext): ClientError {
  const code = errorCodeOf(err.code);
  const init = { ...context, code, cause: err };
  if (code === 'deadline_exceeded') {
    const within = context.timeoutMs === undefined ? 'before the deadline' : `within ${context.timeoutMs} ms`;
    return new ClientError(`no answer ${within}`, { ...init, reason: 'deadline' });
  }
  if (code === 'unavailable') {
    const cause = transportCause(err.details);
    return new ClientError(cause.text, { ...init, reason: cause.refused ? 'refused' : 'unreachable' });
  }
  const text = err.details || code.toUpperCase();
  return new ClientError(text, { ...init, reason: code === 'cancelled' ? 'cancelled' : 'rejected' });
}
