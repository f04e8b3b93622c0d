/**
 * The shape of the hostile-input corpus: a table of cases, each a request
 * on one transport and the one answer it must get. The answers come from a
 * small set: a refusal (an error code, and how its message names what was
 * wrong), or a connection the daemon closes.
 */
import type { DaemonErrorCode } from '../../../contract/error-codes';

/** The codes a hostile request may be answered with; unimplemented only for a method that does not exist. */
export type Code =
  | Extract<DaemonErrorCode, 'invalid_argument' | 'not_found' | 'failed_precondition' | 'out_of_range' | 'resource_exhausted' | 'already_exists' | 'permission_denied'>
  | 'unimplemented';

export interface Refusal {
  code: Code;
  /** How the message names the field or what was wrong with the request. */
  mentions: RegExp;
  /** The value is a secret: no piece of it may appear in the answer. */
  secret?: boolean;
  /** REST only: the HTTP status, when it is not the code's usual one. */
  status?: number;
}

/** The daemon ends the exchange without an answer (a reset stream, a closed connection). */
export interface Closed {
  closed: true;
}

/** Refused below the API, at the HTTP level (gRPC: a request that is not gRPC at all). */
export interface HttpRefused {
  httpStatus: number;
}

export type Expected = Refusal | Closed | HttpRefused;

export interface Case<Request> {
  /** The title after "hostile: ", e.g. "Install install_location with a NUL inside". */
  name: string;
  request: Request;
  expect: Expected;
  /** The hostile value, when there is one: the answer may echo at most 100 characters of it, and never its raw NULs or bidi characters. */
  value?: string;
}

/** The HTTP status of each code, as the REST API's contract (docs, error-response.ts) states it. */
export const REST_STATUS: Record<Code, number> = {
  invalid_argument: 400,
  not_found: 404,
  failed_precondition: 409,
  already_exists: 409,
  out_of_range: 416,
  resource_exhausted: 413,
  permission_denied: 403,
  unimplemented: 501,
};
