/**
 * Why the gRPC server could not bind an address, in the user's words. grpc-js
 * reports a failed bind as "No address added out of total 1 resolved errors:
 * [listen EADDRINUSE: ...]"; the system error code inside says what happened.
 */
const CAUSES: Record<string, string> = {
  EADDRINUSE: 'the address is already in use; stop the program that listens there (another mobilityd?) or choose another address with --listen',
  EACCES: 'permission denied (ports below 1024 need privileges); choose a port above 1023 with --listen',
  EADDRNOTAVAIL: 'no network interface of this machine has that address; choose one of its addresses with --listen',
};

export function listenError(address: string, err: Error): Error {
  const code = Object.keys(CAUSES).find((name) => new RegExp(`\\b${name}\\b`).test(err.message));
  const cause = code ? CAUSES[code] : `${err.message}; choose another address with --listen`;
  return new Error(`cannot listen on ${address} (gRPC): ${cause}`);
}
