/**
 * Graceful shutdown of one http.Server: stop accepting, let the requests in
 * flight finish (bounded), then cut every connection, idle keep-alive ones
 * included, so shutdown never waits out a client's keep-alive. Open streams
 * are ended by the caller first (ServingState.stop), so they finish at once.
 */
import type * as http from 'node:http';

export type ShutDown = (graceMs: number) => Promise<void>;

/** Starts counting the server's requests; call the result to shut it down. */
export function gracefulShutdown(server: http.Server): ShutDown {
  const active = new Set<http.ServerResponse>();
  let idle: (() => void) | undefined;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) idle?.();
    });
  });

  return (graceMs) =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
      const cut = () => {
        clearTimeout(timer);
        idle = undefined;
        server.closeAllConnections();
      };
      const timer = setTimeout(cut, graceMs);
      timer.unref();
      if (active.size === 0) cut();
      else idle = cut;
    });
}
