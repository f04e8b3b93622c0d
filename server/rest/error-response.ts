/**
 * Domain errors as HTTP responses: the one table from ErrorCode to HTTP status,
 * and the error body every REST route answers with, Connect-style:
 *   {"code":"not_found","message":"there is no log named \"x\"; choose one of: ..."}
 * The message is the domain's, verbatim, exactly as gRPC sends it in details
 * (both capped by message-cap.ts, so no answer's size depends on the request).
 * Refusals HTTP has a more precise status for (413, 415, 421) are HttpRefusals.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError, type ErrorCode } from '../core/errors/app-error';
import { capMessage } from '../core/errors/message-cap';
import { quoteValue } from '../../contract/quote-value';
import { HttpRefusal } from './http-refusal';
import { sendJson } from './json-answer';

/**
 * Same meaning as the gRPC status of each code (server/grpc/status-mapping.ts),
 * following Google's HTTP mapping (google.rpc.Code) except where noted.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  // Google maps OUT_OF_RANGE to 400. The domain raises it for one thing only, a
  // start offset past the end of the log, which is exactly what 416 Range Not
  // Satisfiable says; the code in the body still says out_of_range.
  out_of_range: 416,
  not_found: 404,
  already_exists: 409,
  // Google maps FAILED_PRECONDITION to 400, which mixes it with malformed
  // requests that can never succeed. We use 409 Conflict: "the request conflicts
  // with the current state of the target resource" is what FAILED_PRECONDITION
  // means here (another agent operation running, an installer missing, a folder
  // where a log should be), and the same request can succeed once the host
  // changes. Not 412: RFC 9110 reserves 412 Precondition Failed for conditional
  // request headers (If-Match, If-Unmodified-Since), which this API does not use.
  // The body's code tells it apart from already_exists.
  failed_precondition: 409,
  // 401 carries WWW-Authenticate (access-guard.ts): no or a bad credential.
  unauthenticated: 401,
  permission_denied: 403,
  resource_exhausted: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** The error body for anything thrown: AppErrors as they are, the rest as internal. */
export function errorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { code: err.code, message: capMessage(err.message) };
  const segment = undecodableSegment(err);
  if (segment !== undefined) return { code: 'invalid_argument', message: malformedEscape(segment) };
  const status = httpStatusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  // Express and its parsers throw http-errors (e.g. a malformed %-escape in the path): a client mistake.
  if (status !== undefined && status >= 400 && status < 500) return { code: 'invalid_argument', message: capMessage(message) };
  return { code: 'internal', message: capMessage(`internal error: ${message}`) };
}

export function sendError(res: Response, err: unknown): void {
  const body = errorBody(err);
  if (body.code === 'unavailable') res.setHeader('Retry-After', '1');
  sendJson(res, err instanceof HttpRefusal ? err.httpStatus : HTTP_STATUS[body.code], body);
}

/** Express's error handler: the last middleware of the app. */
export function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err); // a streaming response reports its own failures
  sendError(res, err);
}

/** Express's router throws "Failed to decode param '<the raw segment>'", whole and unquoted: the segment is the client's. */
function undecodableSegment(err: unknown): string | undefined {
  return err instanceof URIError ? /^Failed to decode param '([^]*)'$/.exec(err.message)?.[1] : undefined;
}

function malformedEscape(segment: string): string {
  return (
    `the path segment ${quoteValue(segment)} has a malformed percent-escape: write each byte of a reserved or ` +
    'non-ASCII character as % and two hex digits of its UTF-8 encoding (e.g. %2F for "/", %25 for "%")'
  );
}

function httpStatusOf(err: unknown): number | undefined {
  const value = (err as { status?: unknown; statusCode?: unknown } | undefined)?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof value === 'number' ? value : undefined;
}
