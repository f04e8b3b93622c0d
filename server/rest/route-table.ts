/**
 * The REST API's routes, each with the AgentControl RPC it mirrors: the one
 * table the app is built from, authorisation reads the role from (by RPC), and
 * the OpenAPI document is generated from.
 */
import type { RequestHandler } from 'express';
import type { RestDeps } from './rest-deps';
import { healthRoute } from './routes/health-route';
import { cancelJobRoute, getJobRoute, installRoute, listJobsRoute, registerRoute, uninstallRoute, watchJobRoute } from './routes/job-routes';
import { logsRoute } from './routes/logs-route';
import { openApiRoute } from './routes/openapi-route';
import { deletePackageRoute, listPackagesRoute, uploadPackageRoute } from './routes/package-routes';
import { statusRoute } from './routes/status-route';
import type { ServingState } from './serving-state';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  method: HttpMethod;
  /** Express path, e.g. /v1/jobs/:id. */
  path: string;
  /** The AgentControl RPC it mirrors (its descriptor name, e.g. "GetStatus"); "Health" for /healthz, "OpenAPI" for /v1/openapi.json. */
  rpc: string;
  handler(deps: RestDeps, state: ServingState): RequestHandler;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/v1/status', rpc: 'GetStatus', handler: (deps) => statusRoute(deps.status) },
  { method: 'get', path: '/v1/logs/:name', rpc: 'TailLog', handler: (deps, state) => logsRoute(deps.tailer, state) },
  { method: 'get', path: '/healthz', rpc: 'Health', handler: (_deps, state) => healthRoute(state) },
  { method: 'post', path: '/v1/install', rpc: 'Install', handler: (deps) => installRoute(deps) },
  { method: 'post', path: '/v1/register', rpc: 'Register', handler: (deps) => registerRoute(deps) },
  { method: 'post', path: '/v1/uninstall', rpc: 'Uninstall', handler: (deps) => uninstallRoute(deps) },
  { method: 'get', path: '/v1/jobs', rpc: 'ListJobs', handler: (deps) => listJobsRoute(deps) },
  { method: 'get', path: '/v1/jobs/:id', rpc: 'GetJob', handler: (deps) => getJobRoute(deps) },
  { method: 'get', path: '/v1/jobs/:id/watch', rpc: 'WatchJob', handler: (deps, state) => watchJobRoute(deps, state) },
  { method: 'post', path: '/v1/jobs/:id/cancel', rpc: 'CancelJob', handler: (deps) => cancelJobRoute(deps) },
  { method: 'get', path: '/v1/packages', rpc: 'ListPackages', handler: (deps) => listPackagesRoute(deps) },
  { method: 'put', path: '/v1/packages/:name', rpc: 'UploadPackage', handler: (deps) => uploadPackageRoute(deps) },
  { method: 'delete', path: '/v1/packages/:name', rpc: 'DeletePackage', handler: (deps) => deletePackageRoute(deps) },
  // Not an RPC: the document of this table (server/rest/openapi/), open to every caller as /healthz is.
  { method: 'get', path: '/v1/openapi.json', rpc: 'OpenAPI', handler: () => openApiRoute() },
];
