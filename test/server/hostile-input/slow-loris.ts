/**
 * Slow-loris clients: TCP connections that start a request and never finish
 * it, holding a connection each. Some say nothing more; some trickle one byte
 * at a time on a timer, as the classic attack does to look alive (the timer
 * is the client's behaviour, not a wait of the test's). Everything the server
 * sends back is kept, and `closed` resolves with it when the server hangs up.
 */
import * as net from 'node:net';

const TRICKLE_MS = 200;

export interface SlowConnection {
  /** Resolves with every byte the server sent, once the connection is closed. */
  closed: Promise<Buffer>;
  isOpen(): boolean;
  destroy(): void;
}

/** `start` is sent at once; a trickling connection then sends `trickle` every 200 ms. */
function openOne(port: number, start: string, trickle: string | undefined): Promise<SlowConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let open = true;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.on('error', () => undefined); // a reset is a close too
    const closed = new Promise<Buffer>((done) =>
      socket.once('close', () => {
        open = false;
        clearInterval(timer);
        done(received);
      }),
    );
    socket.once('connect', () => {
      socket.write(start);
      if (trickle !== undefined) timer = setInterval(() => socket.write(trickle), TRICKLE_MS).unref();
      resolve({ closed, isOpen: () => open, destroy: () => socket.destroy() });
    });
    socket.once('error', reject);
  });
}

/** REST: `count` requests whose headers never end; every other one trickles a header value. */
export function slowHttpClients(base: string, count: number): Promise<SlowConnection[]> {
  const url = new URL(base);
  const start = `GET /healthz HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: `;
  return Promise.all(Array.from({ length: count }, (_, i) => openOne(Number(url.port), start, i % 2 ? 'a' : undefined)));
}

/** gRPC: `count` connections that send part of the HTTP/2 connection preface and stop. */
export function slowHttp2Clients(address: string, count: number): Promise<SlowConnection[]> {
  const port = Number(address.split(':').pop());
  return Promise.all(Array.from({ length: count }, () => openOne(port, 'PRI * HTTP/2.0\r\n', undefined)));
}
