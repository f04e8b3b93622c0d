/**
 * HTTP/1.1 as bytes over a plain TCP socket, for requests node:http will not
 * send (a NUL or raw UTF-8 in the request line or a header, a wrong or
 * doubled Content-Length, a body that stops short) and for reading exactly
 * what the server does with them: its answer, and whether it closes the
 * connection. Always to 127.0.0.1.
 */
import * as net from 'node:net';

export interface SocketAnswer {
  /** 0 when no status line arrived before the connection closed. */
  status: number;
  headers: Record<string, string>;
  /** The body (de-chunked), as far as it arrived. */
  body: Buffer;
  /** The server closed the connection (or reset it) without a complete answer, or right after one. */
  closed: boolean;
  /** The first error on the socket (e.g. ECONNRESET), if any. */
  error?: string;
}

export interface SocketRequest {
  /** http://127.0.0.1:PORT */
  base: string;
  /** The whole request as bytes (see httpRequestBytes), sent at once. */
  bytes: Buffer;
  /** Half-close after sending (a client that is done, e.g. one whose body stops short). Default false. */
  endAfterSending?: boolean;
}

/** A request as bytes: `target` and header values are written as UTF-8, as given (no encoding, no checks). */
export function httpRequestBytes(method: string, target: string, headers: Array<[string, string]>, body?: string | Buffer): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : (body ?? Buffer.alloc(0))]);
}

/** Sends the bytes and reads one answer: resolves once the answer is complete (by Content-Length or chunked), at its headers for a stream, or when the connection ends. */
export function socketRequest(request: SocketRequest): Promise<SocketAnswer> {
  const url = new URL(request.base);
  if (url.hostname !== '127.0.0.1') throw new Error(`tests only connect to 127.0.0.1, not ${url.hostname}`);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), '127.0.0.1');
    let received = Buffer.alloc(0);
    let error: string | undefined;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ...parseAnswer(received), closed, error });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (answerComplete(received)) finish(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
    socket.once('close', () => finish(true));
    socket.write(request.bytes);
    if (request.endAfterSending) socket.end();
  });
}

function splitHead(bytes: Buffer): { head: string; body: Buffer } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  return { head: bytes.subarray(0, end).toString('latin1'), body: bytes.subarray(end + 4) };
}

function headersOf(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function answerComplete(bytes: Buffer): boolean {
  const split = splitHead(bytes);
  if (!split) return false;
  const headers = headersOf(split.head);
  if (headers['content-length'] !== undefined) return split.body.length >= Number(headers['content-length']);
  // A stream (a log follow) may never end: its headers are the answer.
  if (/^HTTP\/1\.[01] 2/.test(split.head)) return true;
  return split.body.includes('\r\n0\r\n\r\n') || split.body.subarray(0, 5).toString() === '0\r\n\r\n';
}

function parseAnswer(bytes: Buffer): Omit<SocketAnswer, 'closed' | 'error'> {
  const split = splitHead(bytes);
  if (!split) return { status: 0, headers: {}, body: Buffer.alloc(0) };
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(split.head)?.[1] ?? 0);
  const headers = headersOf(split.head);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(split.body) : split.body;
  return { status, headers, body };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
