/**
 * The last line of defence on the size of an error message. Messages quote
 * request values through quoteValue (cut short); this caps the whole message
 * where the adapters send it (the gRPC status, the REST error body), so that no
 * message a future change forgets to cut can make an answer unbounded (gRPC
 * carries it in a header, grpc-message, which clients limit).
 */
import { cutValue } from '../../../contract/quote-value';

export const MAX_ERROR_MESSAGE_CHARS = 1024;

export function capMessage(message: string): string {
  return cutValue(message, MAX_ERROR_MESSAGE_CHARS - 1);
}
