/** Maps domain errors to gRPC statuses (contract/error-codes.ts), so every adapter reports them alike. */
import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { GRPC_STATUS } from '../../contract/error-codes';
import { AppError } from '../core/errors/app-error';
import { capMessage } from '../core/errors/message-cap';

export function toServiceError(err: unknown): Partial<ServiceError> {
  if (err instanceof AppError) {
    return { code: GRPC_STATUS[err.code], details: capMessage(err.message), metadata: new Metadata() };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: status.INTERNAL, details: capMessage(`internal error: ${message}`), metadata: new Metadata() };
}
