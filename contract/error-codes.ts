/**
 * The one vocabulary of error codes: gRPC's canonical status codes, named as
 * the REST error bodies spell them ({"code":"not_found",...}; the protobuf
 * enum names of google.rpc.Code in lower case). mobilityd's domain errors
 * (AppError), the REST bodies and the client's ClientError all use it, so a
 * code means the same on every side and in both transports.
 */

/** Every code, with its number on the gRPC wire (the grpc-status trailer). */
export const GRPC_STATUS = {
  cancelled: 1,
  unknown: 2,
  invalid_argument: 3,
  deadline_exceeded: 4,
  not_found: 5,
  already_exists: 6,
  permission_denied: 7,
  resource_exhausted: 8,
  failed_precondition: 9,
  aborted: 10,
  out_of_range: 11,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
  data_loss: 15,
  unauthenticated: 16,
} as const;

export type ErrorCode = keyof typeof GRPC_STATUS;

/**
 * The codes mobilityd itself answers with: what its domain errors carry and
 * what a REST error body may say. The rest arise on the way (a deadline, a
 * cancelled call) or belong to features it does not have.
 */
export type DaemonErrorCode = Extract<
  ErrorCode,
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'out_of_range'
  | 'unauthenticated'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'unavailable'
  | 'internal'
>;

const CODE_OF_STATUS = new Map<number, ErrorCode>(Object.entries(GRPC_STATUS).map(([code, n]) => [n, code as ErrorCode]));

/** The code of a gRPC status number; 'unknown' for a number outside the canonical set. */
export function errorCodeOf(grpcStatus: number): ErrorCode {
  return CODE_OF_STATUS.get(grpcStatus) ?? 'unknown';
}
