/**
 * One REST request of the corpus, as bytes over its own TCP connection
 * (raw-socket.ts): the target and headers exactly as written (no encoding, no
 * normalising of "..", no refusing a NUL), Host and Connection: close added,
 * Content-Length counted unless the request says otherwise.
 */
import { parseJson } from '../../helpers/raw-http';
import { httpRequestBytes, socketRequest, type SocketAnswer } from '../../helpers/raw-socket';

export interface RestRequest {
  method: string;
  /** The request target as sent, e.g. /v1/logs/installer?lines=5 (already percent-encoded where meant). */
  target: string;
  headers?: Array<[string, string]>;
  body?: string | Buffer;
  /** 'none': no Content-Length (the headers may carry their own); default: the body's length. */
  length?: 'none';
  /** The client half-closes after sending. */
  endAfterSending?: boolean;
  /** The whole request, bytes as given (Host and the rest are the caller's). */
  raw?: (host: string) => Buffer;
}

export interface RestOutcome extends SocketAnswer {
  json: { code?: string; message?: string } | undefined;
}

export async function callRest(base: string, request: RestRequest): Promise<RestOutcome> {
  const host = new URL(base).host;
  const answer = await socketRequest({ base, bytes: bytesOf(host, request), endAfterSending: request.endAfterSending });
  return { ...answer, json: parseJson(answer.body.toString('utf8')) };
}

function bytesOf(host: string, request: RestRequest): Buffer {
  if (request.raw) return request.raw(host);
  const headers: Array<[string, string]> = [['Host', host], ['Connection', 'close'], ...(request.headers ?? [])];
  if (request.body !== undefined && request.length !== 'none') headers.push(['Content-Length', String(Buffer.byteLength(request.body))]);
  return httpRequestBytes(request.method, request.target, headers, request.body);
}
