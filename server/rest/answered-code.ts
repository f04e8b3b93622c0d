/**
 * The code of the error a request was answered with, as its body said it
 * ({"code":"failed_precondition",...}), for the audit line: the HTTP status
 * alone cannot tell some apart (409 is already_exists or failed_precondition,
 * 429 a limit or a full quota). Noted by sendJson, which every error answer
 * goes through, before or after the request's body was read.
 */
import type { Response } from 'express';
import { GRPC_STATUS, type ErrorCode } from '../../contract/error-codes';

const codes = new WeakMap<Response, ErrorCode>();

export function noteErrorCode(res: Response, code: unknown): void {
  if (typeof code === 'string' && Object.hasOwn(GRPC_STATUS, code)) codes.set(res, code as ErrorCode);
}

/** The error code the answer carried; undefined when it carried none (a success, or no answer at all). */
export function answeredErrorCode(res: Response): ErrorCode | undefined {
  return codes.get(res);
}
