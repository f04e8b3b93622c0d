/**
 * The request id of Install and Register: a retry with the same id returns the
 * job the first request started (job-manager.ts), so it is checked before
 * anything else and before it is looked up.
 */
import { invalidArgument } from '../errors/app-error';

export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * Controls (C0 and C1), format characters (bidi overrides, zero-width spaces,
 * a BOM) and line separators: the id is shown in job records, CLI output and
 * messages, where such characters reorder or hide what is around them.
 */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function validateRequestId(requestId: string): void {
  if (requestId.length > MAX_REQUEST_ID_LENGTH || UNSEEN.test(requestId)) {
    throw invalidArgument(
      `request_id must be at most ${MAX_REQUEST_ID_LENGTH} characters without control characters or invisible ones ` +
        '(bidi controls, zero-width spaces, a BOM, line separators); a UUID is a good request id',
    );
  }
}
