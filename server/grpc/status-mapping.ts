/** Maps domain errors to gRPC statuses, so every adapter reports them alike. */
import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { AppError, type ErrorCode } from '../core/errors/app-error';
import { capMessage } from '../core/errors/message-cap';

const GRPC_CODE: Record<ErrorCode, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  failed_precondition: status.FAILED_PRECONDITION,
  out_of_range: status.OUT_OF_RANGE,
  permission_denied: status.PERMISSION_DENIED,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  unimplemented: status.UNIMPLEMENTED,
  internal: status.INTERNAL,
};

export function toServiceError(err: unknown): Partial<ServiceError> {
  if (err instanceof AppError) {
    return { code: GRPC_CODE[err.code], details: capMessage(err.message), metadata: new Metadata() };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: status.INTERNAL, details: capMessage(`internal error: ${message}`), metadata: new Metadata() };
}
