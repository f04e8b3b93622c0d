/**
 * Which connections came in over a REST Unix socket listener. The Host check
 * differs for them (accepted-hosts.ts), and the app is shared by every
 * listener, so each connection is marked as its server accepts it. A mark
 * rather than a look at the socket's address family: that reads as undefined
 * for a TCP socket too once it is closed.
 */
import type * as net from 'node:net';

const unixConnections = new WeakSet<net.Socket>();

export function markUnixConnections(server: net.Server): void {
  server.on('connection', (socket: net.Socket) => unixConnections.add(socket));
}

export function isUnixConnection(socket: net.Socket): boolean {
  return unixConnections.has(socket);
}
