/**
 * Expect: 100-continue, answered only when a body will be read. Node answers
 * 100 Continue by itself unless the server handles 'checkContinue'; then a
 * client (curl does this for uploads) sends a body that is about to be refused
 * (too large, wrong Host or content type). Here the request goes to the app
 * with no 100 Continue, and the code that reads a body sends it first
 * (continueIfAwaited); a refusal that comes before answers the final status,
 * and the client sends nothing.
 */
import type * as http from 'node:http';

const awaiting = new WeakSet<http.IncomingMessage>();

/** Makes `server` hand requests that expect 100-continue to its 'request' listeners, with the 100 left to the app. */
export function deferContinue(server: http.Server): void {
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    awaiting.add(req);
    server.emit('request', req, res);
  });
}

/** Whether the client still waits for 100 Continue before sending its body. */
export function awaitsContinue(req: http.IncomingMessage): boolean {
  return awaiting.has(req);
}

/** Call before reading a body: tells a client that waits for it to send the body. */
export function continueIfAwaited(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!awaiting.delete(req)) return;
  if (!res.headersSent) res.writeContinue();
}
