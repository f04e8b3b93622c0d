/**
 * mobilityd's REST API: the AgentControl operations over HTTP/JSON (express 5),
 * a thin adapter over the same domain core as the gRPC server. Bodies are the
 * protobuf JSON of the API's messages (int64 as strings, enums by name, bytes
 * as base64, default values left out); errors are {"code","message"} with the
 * domain's code and message (HTTP statuses: error-response.ts).
 *
 *   GET  /v1/status             GetStatus: GetStatusResponse
 *   GET  /v1/logs/:name         TailLog: TailLogResponse messages, NDJSON
 *                               (application/x-ndjson), or Server-Sent Events
 *                               when Accept asks for text/event-stream
 *                               (tail-formats.ts). Query parameters:
 *          lines=N              start with the last N whole lines (0-1,000,000)
 *          follow=true          keep streaming new lines until the client leaves
 *          from=OFFSET          start at a byte offset (a chunk's nextOffset)
 *          fileId=ID            with from: the file generation of the offset
 *          maxBytes=N           stop after N bytes of log content (0: no limit)
 *        header Last-Event-ID   an SSE id this API sent (OFFSET@FILEID): resume
 *                               there, in place of lines/from/fileId
 *   GET  /healthz               {"status":"SERVING"}, 503 {"status":"NOT_SERVING"}
 *                               while shutting down
 *   POST /v1/install            Install: body InstallRequest → InstallResponse
 *   POST /v1/register           Register: body RegisterRequest → RegisterResponse
 *   GET  /v1/jobs               ListJobs (pageSize, pageToken) → ListJobsResponse
 *   GET  /v1/jobs/:id           GetJob → GetJobResponse
 *   GET  /v1/jobs/:id/watch     WatchJob: WatchJobResponse messages, NDJSON, until the job ends
 *   POST /v1/jobs/:id/cancel    CancelJob → CancelJobResponse
 *                               (the job routes: routes/job-routes.ts)
 *   GET  /v1/packages           ListPackages → ListPackagesResponse
 *   PUT  /v1/packages/:name     UploadPackage: raw body, X-Content-SHA256 and
 *                               Content-Length → 201 stored, 200 already present
 *                               (routes/package-routes.ts)
 *   anything else               404 naming these routes
 */
import express, { type Express, type RequestHandler } from 'express';
import * as http from 'node:http';
import type { JobManager } from '../core/jobs/job-manager';
import type { LogTailer } from '../core/logs/log-tailer';
import type { PackageRepository } from '../core/packages/package-repository';
import type { StatusContext } from '../core/status/host-status';
import { errorHandler } from './error-response';
import { gracefulShutdown, type ShutDown } from './http-shutdown';
import { listenOn } from './listen-address';
import { healthRoute } from './routes/health-route';
import { cancelJobRoute, getJobRoute, installRoute, listJobsRoute, registerRoute, watchJobRoute } from './routes/job-routes';
import { logsRoute } from './routes/logs-route';
import { notFoundRoute } from './routes/not-found-route';
import { listPackagesRoute, uploadPackageRoute } from './routes/package-routes';
import { statusRoute } from './routes/status-route';
import { ServingState } from './serving-state';

export interface RestDeps {
  status: StatusContext;
  tailer: LogTailer;
  packages: PackageRepository;
  jobs: JobManager;
}

export interface RunningRestServer {
  /** Bound addresses as host:port (with the real port when 0 was asked). */
  addresses: string[];
  state: ServingState;
  /** Stops accepting, ends open streams, waits (bounded) for in-flight requests. */
  close(): Promise<void>;
}

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 2000;

type Method = 'get' | 'post' | 'put';

export function createRestApp(deps: RestDeps, state: ServingState): Express {
  const routes: Array<[Method, string, RequestHandler]> = [
    ['get', '/v1/status', statusRoute(deps.status)],
    ['get', '/v1/logs/:name', logsRoute(deps.tailer, state)],
    ['get', '/healthz', healthRoute(state)],
    ['post', '/v1/install', installRoute(deps)],
    ['post', '/v1/register', registerRoute(deps)],
    ['get', '/v1/jobs', listJobsRoute(deps)],
    ['get', '/v1/jobs/:id', getJobRoute(deps)],
    ['get', '/v1/jobs/:id/watch', watchJobRoute(deps, state)],
    ['post', '/v1/jobs/:id/cancel', cancelJobRoute(deps)],
    ['get', '/v1/packages', listPackagesRoute(deps)],
    ['put', '/v1/packages/:name', uploadPackageRoute(deps)],
  ];
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // every answer is read from the host when asked
  for (const [method, path, handler] of routes) app[method](path, handler);
  app.use(notFoundRoute(routes.map(([method, path]) => `${method.toUpperCase()} ${path}`)));
  app.use(errorHandler);
  return app;
}

export async function startRestServer(listen: string[], deps: RestDeps): Promise<RunningRestServer> {
  const state = new ServingState();
  const app = createRestApp(deps, state);
  const servers: http.Server[] = [];
  const shutDowns: ShutDown[] = [];
  const addresses: string[] = [];
  try {
    for (const address of listen) {
      const server = http.createServer(app);
      servers.push(server);
      shutDowns.push(gracefulShutdown(server));
      addresses.push(await listenOn(server, address));
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
