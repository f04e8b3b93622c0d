/**
 * mobilityd's REST API: the AgentControl operations over HTTP/JSON (express 5),
 * a thin adapter over the same domain core as the gRPC server. Bodies are the
 * protobuf JSON of the API's messages (int64 as strings, enums by name, bytes
 * as base64, default values left out); errors are {"code","message"} with the
 * domain's code and message (HTTP statuses: error-response.ts), every one of
 * them, even for a request Node's HTTP parser refuses (client-errors.ts).
 *
 * Before any route (request-guards.ts), every request, uploads and log streams
 * included: Host must name this daemon (a bound address, localhost for a
 * loopback one, the machine's names for a wildcard one, or --allowed-host:
 * accepted-hosts.ts), else 421; an Origin not listed with --allowed-origin is
 * 403; CORS headers only for a listed origin. The POST routes take
 * Content-Type: application/json only (415) and at most 64 KiB (413 at once
 * from Content-Length: json-body.ts). A refusal that comes before the body was
 * read reaches a client that is still sending it (unread-body.ts), and
 * Expect: 100-continue is answered only when a body will be read
 * (expect-continue.ts). Headers that trickle in, a body that stops arriving
 * and a response nobody reads are cut off (connection-limits.ts).
 *
 * Then, in front of each route, access control (access-guard.ts): who the
 * caller is (a bearer token, a client certificate, the Unix socket) and whether
 * its role may call the route's RPC, else 401/403/429; the audit line of every
 * mutating and every refused request.
 *
 *   GET  /v1/status             GetStatus: GetStatusResponse
 *   GET  /v1/logs/:name         TailLog: TailLogResponse messages, NDJSON
 *                               (application/x-ndjson), Server-Sent Events
 *                               when Accept asks for text/event-stream, or the
 *                               lines themselves (text/plain) for Accept:
 *                               text/plain (tail-formats.ts). Query parameters:
 *          lines=N              start with the last N whole lines (0-1,000,000)
 *          follow=true          keep streaming new lines until the client leaves
 *          from=OFFSET          start at a byte offset (a chunk's nextOffset)
 *          fileId=ID            with from: the file generation of the offset
 *          maxBytes=N           stop after N bytes of log content (0: no limit)
 *          format=F             text, ndjson or sse: wins over Accept
 *        header Last-Event-ID   an SSE id this API sent (OFFSET@FILEID): resume
 *                               there, in place of lines/from/fileId
 *   GET  /healthz               {"status":"SERVING"}, 503 {"status":"NOT_SERVING"}
 *                               while shutting down
 *   POST /v1/install            Install: body InstallRequest → InstallResponse
 *   POST /v1/register           Register: body RegisterRequest → RegisterResponse
 *   GET  /v1/jobs               ListJobs (pageSize, pageToken) → ListJobsResponse
 *   GET  /v1/jobs/:id           GetJob → GetJobResponse
 *   GET  /v1/jobs/:id/watch     WatchJob: WatchJobResponse messages, NDJSON, until the job ends
 *   POST /v1/jobs/:id/cancel    CancelJob (no body, or {}) → CancelJobResponse
 *                               (the job routes: routes/job-routes.ts)
 *   GET  /v1/packages           ListPackages → ListPackagesResponse
 *   PUT  /v1/packages/:name     UploadPackage: raw body, X-Content-SHA256 and
 *                               Content-Length → 201 stored, 200 already present
 *   DELETE /v1/packages/:name   DeletePackage → DeletePackageResponse
 *                               (routes/package-routes.ts)
 *   GET  /v1/openapi.json       this API's OpenAPI 3.1 document, generated at build
 *                               time from the route table and the descriptors
 *                               (openapi/, scripts/generate-openapi.ts)
 *   anything else               404 naming these routes
 */
import express, { type Express } from 'express';
import * as http from 'node:http';
import { AccessGate } from '../core/access/access-gate';
import { accessGuard } from './access-guard';
import { AcceptedHosts } from './accepted-hosts';
import { answerClientErrors } from './client-errors';
import { applyConnectionLimits, type ConnectionLimits } from './connection-limits';
import { errorHandler } from './error-response';
import { deferContinue } from './expect-continue';
import { gracefulShutdown, type ShutDown } from './http-shutdown';
import { listenOn, listenOnUnix } from './listen-address';
import { notFoundRoute } from './routes/not-found-route';
import type { RestDeps } from './rest-deps';
import { ROUTES } from './route-table';
import { hostGuard, originGuard } from './request-guards';
import { ServingState } from './serving-state';
import { markUnixConnections } from './unix-connections';
import { isUnixAddress } from '../sockets/unix-address';
import { createHttpsServer } from '../tls/https-server';
import type { ServerTls } from '../tls/server-tls';

export type { RestDeps };

/** Who may send requests: the Host and Origin rules (request-guards.ts). */
export interface RestAccess {
  /** Names REST requests may carry in Host besides the bound addresses (config.allowedHosts). */
  allowedHosts?: readonly string[];
  /** Browser origins served, with CORS (config.allowedOrigins). */
  allowedOrigins?: readonly string[];
  /** The group of unix:// socket files (--socket-group); the process's own when undefined. */
  socketGid?: number;
  /** Slow-client limits (connection-limits.ts); the defaults when undefined, shorter ones in tests. */
  limits?: Partial<ConnectionLimits>;
  /** TLS for the TCP listeners, which then speak https (unix:// ones stay plain http). */
  tls?: ServerTls;
}

export interface RunningRestServer {
  /** Bound addresses as host:port (with the real port when 0 was asked), unix:///path as given. */
  addresses: string[];
  state: ServingState;
  /** Stops accepting, ends open streams, waits (bounded) for in-flight requests. */
  close(): Promise<void>;
}

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * The app; `hosts` are the Host values it answers. Without them (an app that is
 * not told where it listens), loopback names on any port.
 */
export function createRestApp(
  deps: RestDeps,
  state: ServingState,
  hosts = new AcceptedHosts([], { anyLoopbackPort: true }),
  allowedOrigins: readonly string[] = [],
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // every answer is read from the host when asked
  app.use(hostGuard(hosts), originGuard(allowedOrigins)); // before any route, the 404 included
  const gate = new AccessGate(deps.access, deps.status.catalog);
  for (const route of ROUTES) app[route.method](route.path, accessGuard(route, gate), route.handler(deps, state)); // who may: access-guard.ts
  app.use(notFoundRoute(ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`)));
  app.use(errorHandler);
  return app;
}

export async function startRestServer(listen: string[], deps: RestDeps, access: RestAccess = {}): Promise<RunningRestServer> {
  const state = new ServingState();
  const hosts = new AcceptedHosts(access.allowedHosts);
  const app = createRestApp(deps, state, hosts, access.allowedOrigins);
  const servers: http.Server[] = [];
  const shutDowns: ShutDown[] = [];
  const addresses: string[] = [];
  try {
    for (const address of listen) {
      const server = access.tls && !isUnixAddress(address) ? createHttpsServer(access.tls, app) : http.createServer(app);
      servers.push(server);
      applyConnectionLimits(server, access.limits);
      shutDowns.push(gracefulShutdown(server));
      deferContinue(server);
      answerClientErrors(server);
      if (isUnixAddress(address)) {
        markUnixConnections(server);
        await listenOnUnix(server, address, access.socketGid);
        addresses.push(address);
        continue;
      }
      const bound = await listenOn(server, address);
      hosts.addBound(bound);
      addresses.push(bound);
    }
  } catch (err) {
    for (const server of servers) if (server.listening) server.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    addresses,
    state,
    close: () =>
      (closing ??= (async () => {
        state.stop(); // NOT_SERVING, and every open log stream ends
        await Promise.all(shutDowns.map((shutDown) => shutDown(SHUTDOWN_GRACE_MS)));
      })()),
  };
}
