/**
 * Answering a request whose body is still arriving (refused before or while it
 * is read: too large, wrong Host, a package refused mid-upload).
 *
 * Closing the connection at once would lose the answer: the kernel resets a
 * connection closed with unread data, and a client still writing its body gets
 * ECONNRESET instead of the response it had not read yet. So, as nginx's
 * lingering close does, the answer goes out at once with Connection: close
 * and its Content-Length (the client can read it whole right away), and the
 * rest of the body is read and thrown away, up to a bound, before the
 * connection is closed; past the bound the connection is cut.
 *
 * A client that sent Expect: 100-continue and was not told to continue sends
 * no body: its connection closes right after the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream';
import { awaitsContinue } from './expect-continue';

/** The most of a refused body read and discarded before the connection is cut. */
export const DISCARD_MAX_BYTES = 32 * 1024 * 1024;
/** How long the rest of a refused body may take to arrive before the connection is cut. */
export const DISCARD_MAX_MS = 10_000;

/** Whether the request declared a body that has not been received whole yet. */
export function bodyStillArriving(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] !== undefined || length > 0;
}

/** Sends `text` as the whole answer (status and headers already set), then closes as described above. */
export function answerBeforeBody(req: IncomingMessage, res: ServerResponse, text: string): void {
  res.setHeader('Connection', 'close');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (awaitsContinue(req)) {
    res.end(text); // the client waits for 100 Continue: no body comes
    return;
  }
  res.write(text);
  discardBody(req, () => res.end());
}

/** Reads the rest of the body into nothing; `done` once it ended or a bound was reached. */
function discardBody(req: IncomingMessage, done: () => void): void {
  let discarded = 0;
  let ended = false;
  const stop = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    req.off('data', onData);
    cleanup();
    done();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) stop();
  };
  const timer = setTimeout(stop, DISCARD_MAX_MS);
  timer.unref();
  const cleanup = finished(req, stop);
  req.on('data', onData);
  req.resume();
}
