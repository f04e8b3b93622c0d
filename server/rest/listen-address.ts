/** Binds an http.Server to a host:port address ("[::1]:0" style for IPv6) or a unix:///path. */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unixSocketPath } from '../sockets/unix-address';
import { listenOnUnixSocket } from '../sockets/unix-socket-listener';

/** Binds to the socket file of a unix:///path address, mode 0660, in the given group. */
export async function listenOnUnix(server: http.Server, address: string, gid: number | undefined): Promise<void> {
  const socketPath = unixSocketPath(address);
  if (!socketPath) {
    throw new Error(`cannot listen on ${address} for the REST API: write a Unix socket as unix:// and an absolute path, e.g. unix:///run/mobilityd/mobilityd-rest.sock`);
  }
  await listenOnUnixSocket(server, socketPath, { gid, flag: '--rest-listen', what: 'REST' });
}

/** Resolves with the bound address as host:port (the real port when 0 was asked). */
export function listenOn(server: http.Server, address: string): Promise<string> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      server.off('listening', ok);
      reject(new Error(`cannot listen on ${address} for the REST API: ${err.message}; choose another address with --rest-listen (or --rest-listen off)`));
    };
    const ok = () => {
      server.off('error', fail);
      resolve(`${host}:${(server.address() as AddressInfo).port}`);
    };
    server.once('error', fail);
    server.once('listening', ok);
    server.listen(port, host.replace(/^\[(.*)\]$/, '$1'));
  });
}
