/**
 * The one error type the domain core throws. Adapters (gRPC, REST, CLI) map the
 * code to their own vocabulary; the message is written for the person who sent
 * the request: what was wrong and what to do about it. Never put a secret in it.
 */
import type { DaemonErrorCode } from '../../../contract/error-codes';

/** The codes the domain raises (contract/error-codes.ts: the one vocabulary of every side). */
export type ErrorCode = DaemonErrorCode;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidArgument = (message: string) => new AppError('invalid_argument', message);
export const notFound = (message: string) => new AppError('not_found', message);
export const failedPrecondition = (message: string) => new AppError('failed_precondition', message);
export const outOfRange = (message: string) => new AppError('out_of_range', message);

/** Turns a Node fs error into an AppError that names the file and the fix. */
export function fromFsError(err: unknown, what: string, file: string): AppError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return notFound(`${what} ${file} does not exist`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      'permission_denied',
      `mobilityd cannot read ${what} ${file} (permission denied); run mobilityd as a user that can read it, or fix the file's permissions`,
    );
  }
  if (code === 'EISDIR') return failedPrecondition(`${what} ${file} is a directory, not a file`);
  return new AppError('internal', `reading ${what} ${file} failed: ${(err as Error)?.message ?? String(err)}`);
}
