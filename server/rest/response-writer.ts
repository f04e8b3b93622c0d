/**
 * Writes to an HTTP response with backpressure: when the socket's buffer is
 * full, wait for 'drain' (or the end of the response) and remove every
 * listener added for it, whichever fires, so a long stream gathers none.
 */
import type { ServerResponse } from 'node:http';
import { firstEvent } from '../streams/first-event';

/** Undefined when the write was buffered; otherwise a promise for when to write more. */
export function writeWithBackpressure(res: ServerResponse, text: string | Uint8Array): Promise<void> | undefined {
  if (res.destroyed || res.writableEnded) return undefined; // gone: 'close' may have fired already
  if (res.write(text)) return undefined;
  return firstEvent(res, ['drain', 'close', 'error']);
}
