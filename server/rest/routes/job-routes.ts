/**
 * The job operations over HTTP, thin adapters over the same JobManager as gRPC.
 * Bodies in and out are the protobuf JSON of the API's messages:
 *
 *   POST /v1/install               body InstallRequest  → InstallResponse
 *   POST /v1/register              body RegisterRequest → RegisterResponse
 *   POST /v1/uninstall             no body, {} or UninstallRequest → UninstallResponse
 *   GET  /v1/jobs?pageSize&pageToken                    → ListJobsResponse
 *   GET  /v1/jobs/:id                                   → GetJobResponse
 *   GET  /v1/jobs/:id/watch        NDJSON: one WatchJobResponse ({"job":...})
 *                                  per line, now and after every change, until
 *                                  the job ends; a failure after the start is a
 *                                  last line {"error":{"code","message"}}
 *   POST /v1/jobs/:id/cancel       no body, or {}      → CancelJobResponse
 *
 * The POST routes take Content-Type: application/json, cancel included, and at
 * most 64 KiB (json-body.ts). A malformed body is refused without quoting it:
 * it may hold a passphrase.
 */
import { create, toJson } from '@bufbuild/protobuf';
import type { Request, Response } from 'express';
import {
  CancelJobRequestSchema,
  CancelJobResponseSchema,
  GetJobResponseSchema,
  InstallRequestSchema,
  InstallResponseSchema,
  ListJobsResponseSchema,
  RegisterRequestSchema,
  RegisterResponseSchema,
  UninstallRequestSchema,
  UninstallResponseSchema,
  WatchJobResponseSchema,
} from '../../../gen/mobility/v1/agent_control_pb';
import { invalidArgument } from '../../core/errors/app-error';
import type { JobManager } from '../../core/jobs/job-manager';
import { quoteValue } from '../../../contract/quote-value';
import { errorBody } from '../error-response';
import { readJsonMessage } from '../json-body';
import { writeWithBackpressure } from '../response-writer';
import type { ServingState } from '../serving-state';

/** What the routes need: the daemon's deps object (the same as gRPC's) carries the manager. */
export interface JobRouteDeps {
  jobs: JobManager;
}

const NDJSON = 'application/x-ndjson';

export function installRoute(deps: JobRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const request = await readJsonMessage(req, res, InstallRequestSchema);
    const job = await deps.jobs.install(request);
    res.json(toJson(InstallResponseSchema, create(InstallResponseSchema, { job })));
  };
}

export function registerRoute(deps: JobRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const request = await readJsonMessage(req, res, RegisterRequestSchema);
    const job = await deps.jobs.register(request);
    res.json(toJson(RegisterResponseSchema, create(RegisterResponseSchema, { job })));
  };
}

/** The body is optional ({"requestId": "..."} makes a retry find its job), the Content-Type rule is not. */
export function uninstallRoute(deps: JobRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const request = await readJsonMessage(req, res, UninstallRequestSchema);
    const job = await deps.jobs.uninstall(request);
    res.json(toJson(UninstallResponseSchema, create(UninstallResponseSchema, { job })));
  };
}

export function listJobsRoute(deps: JobRouteDeps) {
  return (req: Request, res: Response): void => {
    const { pageSize, pageToken } = listQuery(req);
    const page = deps.jobs.list(pageSize, pageToken);
    res.setHeader('Cache-Control', 'no-store');
    res.json(toJson(ListJobsResponseSchema, create(ListJobsResponseSchema, page)));
  };
}

export function getJobRoute(deps: JobRouteDeps) {
  return (req: Request, res: Response): void => {
    const job = deps.jobs.get(String(req.params.id));
    res.setHeader('Cache-Control', 'no-store');
    res.json(toJson(GetJobResponseSchema, create(GetJobResponseSchema, { job })));
  };
}

export function cancelJobRoute(deps: JobRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = String(req.params.id);
    // No body needed, but the same Content-Type rule: a bodiless POST is what a page sends cross-site unasked.
    const request = await readJsonMessage(req, res, CancelJobRequestSchema);
    if (request.id !== '' && request.id !== id) {
      throw invalidArgument(`the body's id ${quoteValue(request.id)} is not the job in the path; send no body, or {}`);
    }
    const job = await deps.jobs.cancel(id);
    res.json(toJson(CancelJobResponseSchema, create(CancelJobResponseSchema, { job })));
  };
}

/** Streams until the job ends, the client leaves, or the server stops (then the stream just ends). */
export function watchJobRoute(deps: JobRouteDeps, state: ServingState) {
  return async (req: Request, res: Response): Promise<void> => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    const jobs = deps.jobs.watch(String(req.params.id), controller.signal); // NOT_FOUND before any byte
    res.once('close', stop);
    const untrack = state.track(stop);
    try {
      res.status(200);
      res.setHeader('Content-Type', NDJSON);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      for await (const job of jobs) {
        if (controller.signal.aborted) break;
        await writeWithBackpressure(res, `${JSON.stringify(toJson(WatchJobResponseSchema, create(WatchJobResponseSchema, { job })))}\n`);
      }
      res.end();
    } catch (err) {
      if (!res.writableEnded) res.end(`${JSON.stringify({ error: errorBody(err) })}\n`);
    } finally {
      res.off('close', stop);
      untrack();
      controller.abort();
    }
  };
}

function listQuery(req: Request): { pageSize: number; pageToken: string } {
  for (const key of Object.keys(req.query)) {
    if (key !== 'pageSize' && key !== 'pageToken') throw invalidArgument(`unknown query parameter ${quoteValue(key)}; GET /v1/jobs takes pageSize and pageToken`);
  }
  const size = req.query.pageSize;
  const token = req.query.pageToken;
  if (size !== undefined && (typeof size !== 'string' || !/^\d{1,9}$/.test(size))) {
    throw invalidArgument('"pageSize" must be a whole number from 0 to 500 (0: the default, 20)');
  }
  if (token !== undefined && typeof token !== 'string') throw invalidArgument('"pageToken" must be given once');
  return { pageSize: size === undefined ? 0 : Number(size), pageToken: token ?? '' };
}
