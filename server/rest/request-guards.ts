/**
 * The checks every REST request passes before any route runs, uploads and log
 * streams included:
 *
 * Host: one of AcceptedHosts (accepted-hosts.ts), else 421 Misdirected Request.
 *   This is what defeats DNS rebinding.
 *
 * Origin: browsers send it on every cross-origin request and on every POST; a
 *   request that carries one not listed in allowedOrigins (--allowed-origin) is
 *   refused with 403, "null" (sandboxed frames, file: pages) included. Tools
 *   (curl, the CLI, scripts) send no Origin and are not concerned.
 *
 * CORS: no Access-Control-* header at all unless the request's Origin is
 *   configured. For a configured origin the response carries
 *   Access-Control-Allow-Origin (and Vary: Origin), and a preflight (OPTIONS
 *   with Access-Control-Request-Method) is answered 204 with the methods and
 *   headers the API takes. No credentials: the API has no cookies to send.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { quoteValue } from '../../contract/quote-value';
import type { AcceptedHosts } from './accepted-hosts';
import { HttpRefusal } from './http-refusal';
import { isUnixConnection } from './unix-connections';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE';
const ALLOWED_HEADERS = 'Content-Type, Accept, Last-Event-ID, X-Content-SHA256';
const EXPOSED_HEADERS = 'Retry-After';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export function hostGuard(hosts: AcceptedHosts): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    const overUnixSocket = isUnixConnection(req.socket);
    if (hosts.accepts(host, overUnixSocket)) return next();
    const given = host === undefined ? 'no Host header' : `Host ${quoteValue(host)}`;
    throw new HttpRefusal(
      421,
      'invalid_argument',
      `${given} does not name this mobilityd, so the request is refused (a page that reaches the daemon under another name, ` +
        `DNS rebinding, is refused this way); accepted: ${hosts.describe(overUnixSocket)}. ` +
        'To reach it under another name, add that name with --allowed-host NAME (or allowedHosts in the config file)',
    );
  };
}

export function originGuard(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map(normalizeOrigin));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (allowed.size > 0) res.append('Vary', 'Origin'); // answers differ by Origin: caches must keep them apart
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (!allowed.has(normalizeOrigin(origin))) {
      const listed = allowed.size > 0 ? `the allowed origins are ${[...allowed].join(', ')}` : 'none is configured';
      throw new HttpRefusal(
        403,
        'permission_denied',
        `Origin ${quoteValue(origin)} is not allowed: a browser page may use this API only from an origin listed ` +
          `with --allowed-origin ORIGIN (or allowedOrigins in the config file), and ${listed}`,
      );
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) return answerPreflight(req, res);
    next();
  };
}

function answerPreflight(req: Request, res: Response): void {
  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  // Chrome's Private Network Access: a public page asking for a private address says so.
  if (req.get('access-control-request-private-network') === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
  res.status(204).end();
}

/** scheme://host[:port] as browsers serialise it: lower case, no default port. "null" stays "null". */
function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? origin : url.origin;
  } catch {
    return origin;
  }
}
