/**
 * HTTP requests the way a browser, curl or an attacker's page would send them:
 * node:http with every header as given (Host included, setHost: false), always
 * to the daemon on 127.0.0.1, never to the name a Host header carries.
 */
import * as http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: { code?: string; message?: string; [key: string]: unknown } | undefined;
}

export interface RawRequest {
  /** http://127.0.0.1:PORT (a test daemon's restUrl). */
  base: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends one request; Host is the base's host:port unless headers name another. */
export function rawRequest(request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.base);
  if (url.hostname !== '127.0.0.1') throw new Error(`tests only connect to 127.0.0.1, not ${url.hostname}`);
  const headers: Record<string, string> = { host: url.host, ...request.headers };
  if (request.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(request.body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(url.port), method: request.method, path: request.path, headers, setHost: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
        });
      },
    );
    req.once('error', reject);
    req.end(request.body);
  });
}

export function parseJson(text: string): RawResponse['json'] {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawResponse['json']) : undefined;
  } catch {
    return undefined;
  }
}
