/**
 * The request id of Install and Register: a retry with the same id returns the
 * job the first request started (job-manager.ts), so it is checked before
 * anything else and before it is looked up.
 */
import { invalidArgument } from '../errors/app-error';

export const MAX_REQUEST_ID_LENGTH = 128;

export function validateRequestId(requestId: string): void {
  // eslint-disable-next-line no-control-regex
  if (requestId.length > MAX_REQUEST_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(requestId)) {
    throw invalidArgument(`request_id must be at most ${MAX_REQUEST_ID_LENGTH} characters without control characters`);
  }
}
