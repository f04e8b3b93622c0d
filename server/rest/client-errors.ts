/**
 * Requests Node's HTTP parser refuses before the app sees them (a line break
 * inside a header value, a malformed request line, headers over the size
 * limit). Node's own answer is a bare "400 Bad Request" with no body, which
 * `curl -s` shows as nothing at all; here the answer is the API's JSON error,
 * naming what is wrong, and the header when there is one.
 *
 * The usual case: `-H "X-Content-SHA256: $(sha256sum *.tar.gz | cut -d' ' -f1)"`
 * over several files puts one hash a line into the header.
 */
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { cutValue } from '../../contract/quote-value';
import type { ErrorBody } from './error-response';

interface ParserError extends NodeJS.ErrnoException {
  bytesParsed?: number;
  rawPacket?: Buffer;
}

/** How long a refused connection may keep sending before it is cut. */
const CLOSE_AFTER_MS = 5_000;

export function answerClientErrors(server: http.Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (err: ParserError, socket: Duplex) => {
    if (answered.has(socket)) return; // Node's parser reports every further chunk again
    answered.add(socket);
    // A response already under way on this connection cannot be followed by another one.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, body } = describe(err);
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
    // Read what the client still sends, so that closing does not reset the answer away; bounded.
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), CLOSE_AFTER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

function describe(err: ParserError): { status: number; body: ErrorBody } {
  const refuse = (status: number, message: string) => ({ status, body: { code: 'invalid_argument' as const, message } });
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return refuse(431, `the request's headers are larger than ${http.maxHeaderSize} bytes, the most this server reads; send fewer or shorter headers`);
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return refuse(408, 'the request did not arrive whole in time; send it again');
  // Not about any one line: Node reports the last line it parsed, which would blame the wrong thing.
  if (err.code === 'HPE_INVALID_EOF_STATE') {
    return refuse(400, 'the connection ended before the request was complete (a body shorter than its Content-Length, or headers cut off); send the whole request');
  }
  if (err.code === 'HPE_CLOSED_CONNECTION') {
    return refuse(400, 'more bytes came after the end of a request that said Connection: close (a body longer than its Content-Length?); send exactly Content-Length bytes');
  }
  const parsed = err.rawPacket?.subarray(0, err.bytesParsed ?? err.rawPacket.length).toString('latin1') ?? '';
  const lineStart = parsed.lastIndexOf('\n') + 1;
  const reason = err.message.replace(/^Parse Error: /, '');
  if (lineStart === 0) return refuse(400, `the request is not a valid HTTP/1.1 request: ${reason} in its request line`);
  const line = parsed.slice(lineStart);
  const colon = line.indexOf(':');
  if (colon <= 0) {
    return refuse(400, `a header line of the request is malformed (${reason}): a header is a name of letters, digits and "-", then ":" and its value on one line`);
  }
  const name = cutValue(line.slice(0, colon), 60);
  const message = `header ${name} is malformed (${reason}): its value holds a line break or a character a header value cannot hold`;
  if (name.toLowerCase() !== 'x-content-sha256') return refuse(400, message);
  return refuse(
    400,
    `${message}. X-Content-SHA256 takes one sha256 in hex (64 hex digits), of exactly one file: ` +
      `-H "X-Content-SHA256: $(sha256sum FILE | cut -d' ' -f1)"; a line break comes from hashing several files at once`,
  );
}
