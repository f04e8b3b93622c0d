/**
 * A refusal that HTTP has a more precise status for than the domain's code
 * (error-response.ts's table): 413 Content Too Large, 415 Unsupported Media
 * Type, 421 Misdirected Request, 431 Request Header Fields Too Large. The body
 * is the usual {"code","message"}, with the code a gRPC client would see.
 */
import { AppError, type ErrorCode } from '../core/errors/app-error';

export class HttpRefusal extends AppError {
  constructor(
    readonly httpStatus: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}
