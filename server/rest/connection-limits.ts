/**
 * How long a REST client may take, so that slow or idle connections (slowloris,
 * a client that stops mid-body or stops reading) cannot hold the daemon's
 * sockets and descriptors.
 *
 * - Headers must arrive whole within headersTimeoutMs of the request's start,
 *   however slowly they trickle in: 408 (client-errors.ts words it).
 * - No limit on a whole request: an upload of several GiB over a slow link
 *   takes what it takes (Node's default requestTimeout, 5 minutes, would cut
 *   a 4 GiB upload below 15 MB/s). Instead, nothing may stall: while a body is
 *   arriving, idleTimeoutMs without a byte answers 408 and closes; while a
 *   response waits on a client that stopped reading it (output queued, none
 *   taken), the connection is cut after idleTimeoutMs. A quiet response (a
 *   log follow with no new lines, a job watch) is not a stall: it stays.
 * - Idle keep-alive connections close after keepAliveTimeoutMs.
 * - maxHeadersCount 0: no header is ever silently dropped (Node drops the ones
 *   past 2000, which would let padding push Origin out of sight); their total
 *   size stays bounded by Node's 16 KiB header limit (431).
 * - maxRequestsPerSocket stays unlimited: it only spreads load between
 *   processes, and there is one.
 * - At most maxConnections connections per listener: past the process's
 *   descriptor limit the daemon could open no log, job or package file.
 */
import * as http from 'node:http';
import type * as net from 'node:net';

export interface ConnectionLimits {
  /** How long the request line and headers may take to arrive whole. */
  headersTimeoutMs: number;
  /** How long a body may stop arriving, or a response stop being read, before the connection is closed. */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** How often Node checks headersTimeoutMs: a headers deadline is met up to this much late. */
  checkIntervalMs: number;
  /** Connections open at once on one listener; further ones are closed as they come. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 512,
};

/** Applies the limits to a server not yet listening (the check interval is read when it starts to). */
export function applyConnectionLimits(server: http.Server, overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...overrides };
  server.requestTimeout = 0;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = 0;
  server.maxRequestsPerSocket = 0;
  server.maxConnections = limits.maxConnections;
  (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.checkIntervalMs;
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => watchStalls(req, res, limits.idleTimeoutMs));
  return limits;
}

/**
 * The socket's inactivity timer (reset by every byte read and every write the
 * client took) runs while the request is served; Node resets it between
 * requests (keep-alive). A listener on the response keeps Node from closing the
 * connection itself at the first quiet moment: what to do is decided here.
 */
function watchStalls(req: http.IncomingMessage, res: http.ServerResponse, idleTimeoutMs: number): void {
  const socket = req.socket;
  socket.setTimeout(idleTimeoutMs);
  res.on('timeout', () => {
    if (!req.complete) {
      answerStalledBody(req, res, idleTimeoutMs);
    } else if (socket.writableLength > 0) {
      cut(req, socket); // the client stopped reading: nobody is there to take an answer
    }
  });
}

/**
 * Ends the request as well as the connection: once its response has finished,
 * Node no longer ends a request whose connection closes, and a route still
 * reading its body (an upload) would wait for the rest forever.
 */
function cut(req: http.IncomingMessage, socket: net.Socket): void {
  req.destroy();
  socket.destroy();
}

function answerStalledBody(req: http.IncomingMessage, res: http.ServerResponse, idleTimeoutMs: number): void {
  const socket = req.socket;
  if (res.headersSent || !socket.writable) {
    cut(req, socket);
    return;
  }
  const quiet = idleTimeoutMs >= 1000 ? `${Math.round(idleTimeoutMs / 1000)} s` : `${idleTimeoutMs} ms`;
  const text = JSON.stringify({
    code: 'invalid_argument',
    message: `the request's body stopped arriving: nothing came for ${quiet}; send the request again`,
  });
  res.writeHead(408, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    Connection: 'close',
  });
  // Closed whole once the answer is out: the rest of the body never comes, and its route sees the request aborted.
  res.end(text, () => cut(req, socket));
}
