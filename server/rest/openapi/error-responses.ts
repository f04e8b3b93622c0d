/**
 * The error answers: every status's body is an Error whose code is one the
 * status can carry, from error-response.ts's table (plus the refusals HTTP has
 * its own status for: http-refusal.ts), so the document follows that table.
 * The answers every route shares are components.responses; a route's own are
 * written inline with what they mean there.
 */
import { HTTP_STATUS } from '../error-response';
import type { HeaderObject, ReferenceObject, ResponseObject, SchemaObject } from './openapi-types';
import type { ErrorStatus } from './route-doc-types';

interface ErrorAnswer {
  /** Its components.responses name, for the shared ones. */
  name: string;
  description: string;
  /** Codes a refusal carries with this status, besides those HTTP_STATUS maps to it. */
  refusalCodes?: string[];
  headers?: Record<string, HeaderObject>;
}

const RETRY_AFTER: HeaderObject = { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } };

const ANSWERS: Record<ErrorStatus, ErrorAnswer> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed (the message names what and how to fix it), or is not valid HTTP (e.g. a line break in a header).',
  },
  401: {
    name: 'Unauthenticated',
    description:
      'No credential, or one mobilityd does not accept: send `Authorization: Bearer TOKEN` with a token of --auth-tokens, ' +
      'or connect with a client certificate signed by --tls-client-ca.',
    refusalCodes: ['unauthenticated'],
    headers: { 'WWW-Authenticate': { description: 'The scheme to authenticate with: Bearer.', schema: { type: 'string' } } },
  },
  403: {
    name: 'Forbidden',
    description:
      "Refused: the request's Origin is not listed with --allowed-origin, the caller's role does not allow this operation, " +
      'or mobilityd may not read or write a host file it needs (code permission_denied).',
  },
  404: { name: 'NotFound', description: 'What the request names does not exist.' },
  409: { name: 'Conflict', description: 'The host is not in a state that allows this (failed_precondition), or the name is taken (already_exists).' },
  411: { name: 'LengthRequired', description: 'No Content-Length.', refusalCodes: ['invalid_argument'] },
  413: { name: 'ContentTooLarge', description: 'The body is too large.', refusalCodes: ['resource_exhausted'] },
  415: { name: 'UnsupportedMediaType', description: 'The Content-Type is not one the route takes.', refusalCodes: ['invalid_argument'] },
  416: { name: 'RangeNotSatisfiable', description: 'An offset past the end (code out_of_range).' },
  421: {
    name: 'MisdirectedRequest',
    description:
      'The Host header does not name this daemon (a bound address, localhost for a loopback one, or --allowed-host): ' +
      'the defence against DNS rebinding. The message lists the accepted values.',
    refusalCodes: ['invalid_argument'],
  },
  429: {
    name: 'TooManyRequests',
    description:
      'A limit was reached (code resource_exhausted): too many open streams for this caller, or a back-off after failed ' +
      'authentications (with Retry-After); try again later.',
    headers: { 'Retry-After': RETRY_AFTER },
  },
  431: {
    name: 'HeaderFieldsTooLarge',
    description: "The request's headers are larger than the server reads.",
    refusalCodes: ['invalid_argument'],
  },
  500: { name: 'InternalError', description: 'mobilityd failed (code internal); the message says where.' },
  503: { name: 'Unavailable', description: 'mobilityd is shutting down (code unavailable).', headers: { 'Retry-After': RETRY_AFTER } },
  507: { name: 'InsufficientStorage', description: 'No room to store it (code resource_exhausted).', refusalCodes: ['resource_exhausted'] },
};

/** Every route's error answers; protected routes add PROTECTED_ERRORS. */
export const COMMON_ERRORS: readonly ErrorStatus[] = [400, 403, 421, 431, 500];
/** The answers of a route that asks for credentials. */
export const PROTECTED_ERRORS: readonly ErrorStatus[] = [401, 403, 429];

/** The codes an error body with this status carries. */
export function codesOf(status: ErrorStatus): string[] {
  const mapped = Object.entries(HTTP_STATUS)
    .filter(([, mappedStatus]) => mappedStatus === status)
    .map(([code]) => code);
  return [...new Set([...mapped, ...(ANSWERS[status].refusalCodes ?? [])])];
}

export function errorResponse(status: ErrorStatus, error: SchemaObject, description = ANSWERS[status].description): ResponseObject {
  const codes = codesOf(status);
  if (codes.length === 0) throw new Error(`no error code is answered with HTTP ${status}: fix server/rest/openapi/error-responses.ts`);
  const { headers } = ANSWERS[status];
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: { allOf: [error, { type: 'object', properties: { code: { enum: codes } } }] } } },
  };
}

/** A $ref to a shared answer (components.responses). */
export function sharedErrorRef(status: ErrorStatus): ReferenceObject {
  return { $ref: `#/components/responses/${ANSWERS[status].name}` };
}

/** components.responses: the answers routes share. */
export function sharedErrorResponses(error: SchemaObject): Record<string, ResponseObject> {
  const shared = [...new Set([...COMMON_ERRORS, ...PROTECTED_ERRORS])].sort((a, b) => a - b);
  return Object.fromEntries(shared.map((status) => [ANSWERS[status].name, errorResponse(status, error)]));
}
