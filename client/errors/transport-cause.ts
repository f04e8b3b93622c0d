/** grpc-js buries the socket error in a status's details; people want the short cause. */

const REFUSED = 'connection refused';
/** The connection was made, then lost: where a TLS mismatch shows too (client/connection/explain-failure.ts). */
export const DROPPED = 'the connection was dropped';

const KNOWN_CAUSES: [RegExp, string][] = [
  [/ECONNREFUSED/, REFUSED],
  // A unix:///path address: no file there means nothing listens, as a refused port does.
  [/connect ENOENT/, REFUSED],
  [/connect EACCES/, 'permission denied on the socket file (run as its owner or a member of its group: mobilityd --socket-group)'],
  [/Name resolution failed|ENOTFOUND|EAI_AGAIN/, 'the host name does not resolve'],
  [/EHOSTUNREACH|ENETUNREACH/, 'no route to the host'],
  [/ETIMEDOUT/, 'the connection timed out'],
  [/ECONNRESET|Connection dropped|socket hang up/i, DROPPED],
];

export interface TransportCause {
  /** "connection refused", "no route to the host", ... or the details themselves. */
  text: string;
  /** Nothing listens at the address. */
  refused: boolean;
}

/** The short cause of an UNAVAILABLE status, from its details. */
export function transportCause(details: string | undefined): TransportCause {
  const text = details ?? '';
  for (const [pattern, cause] of KNOWN_CAUSES) {
    if (pattern.test(text)) return { text: cause, refused: cause === REFUSED };
  }
  return { text: text || 'unavailable', refused: false };
}
