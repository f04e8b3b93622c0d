/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a server that must
 * be told its port before it starts (sshd, code-server) and cannot report the
 * one it got from port 0.
 */
import * as net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
