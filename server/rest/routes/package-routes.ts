/**
 * GET /v1/packages, PUT and DELETE /v1/packages/:name — ListPackages,
 * UploadPackage and DeletePackage over HTTP, thin adapters over the same
 * package repository as gRPC.
 *
 * PUT takes the package as the raw request body, streamed into the repository
 * as it arrives (never buffered whole): the size is the Content-Length (411
 * without one), the sha256 is the X-Content-SHA256 header or the sha256 query
 * parameter. 201 when stored, 200 when the identical package was already there.
 * DELETE answers 200 with the DeletePackageResponse (the package as it was).
 */
import { create, toJson } from '@bufbuild/protobuf';
import type { Request, Response } from 'express';
import {
  DeletePackageResponseSchema,
  ListPackagesResponseSchema,
  UploadPackageResponseSchema,
} from '../../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../../core/errors/app-error';
import type { PackageRepository, PackageUsers, UploadHeader } from '../../core/packages/package-repository';
import { RepositoryFullError } from '../../core/packages/repository-quota';
import { PackageTooLargeError } from '../../core/packages/upload-header';
import { readHostOs, type StatusContext } from '../../core/status/host-status';
import { errorBody, sendError } from '../error-response';
import { continueIfAwaited } from '../expect-continue';
import { sendJson } from '../json-answer';

/** What the routes need: the daemon hands the REST server the same deps object as the gRPC server. */
export interface PackageRouteDeps {
  status: StatusContext;
  packages: PackageRepository;
  /** The job manager: DELETE never removes a package a job uses. */
  jobs: PackageUsers;
}

export function listPackagesRoute(deps: PackageRouteDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const os = await readHostOs(deps.status);
    const listing = await deps.packages.list(os.installerOsTag);
    const response = create(ListPackagesResponseSchema, {
      packages: listing.packages,
      selectedPackage: listing.selected ?? '',
      repositoryPath: listing.repositoryPath,
    });
    res.setHeader('Cache-Control', 'no-store'); // the folder may change at any time
    res.json(toJson(ListPackagesResponseSchema, response));
  };
}

export function deletePackageRoute(deps: PackageRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const os = await readHostOs(deps.status);
    const removed = await deps.packages.delete(String(req.params.name), os.installerOsTag, deps.jobs);
    res.json(toJson(DeletePackageResponseSchema, create(DeletePackageResponseSchema, { package: removed.package })));
  };
}

export function uploadPackageRoute(deps: PackageRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const length = req.get('content-length');
    if (length === undefined) {
      // 411 Length Required says exactly this; the body still carries the domain's code.
      sendJson(res, 411, errorBody(new AppError('invalid_argument', lengthRequiredMessage(req))));
      return;
    }
    const header: UploadHeader = { name: String(req.params.name), sha256: sha256Of(req), sizeBytes: Number(length) };
    try {
      const os = await readHostOs(deps.status);
      const { stored, alreadyPresent } = await deps.packages.upload(header, bodyOf(req, res), os.installerOsTag);
      const response = create(UploadPackageResponseSchema, { package: stored.package, alreadyPresent });
      res.status(alreadyPresent ? 200 : 201).json(toJson(UploadPackageResponseSchema, response));
    } catch (err) {
      sendUploadError(res, err);
    }
  };
}

/**
 * The body, streamed straight into the repository (never buffered whole). Lazy:
 * a client that waits for 100 Continue is told to send only once the
 * repository starts reading, after the name, size and sha256 were checked. The
 * repository may stop early (a wrong size or hash): that must not destroy the
 * request, whose socket would go with it and reset the answer away (the error
 * answer reads and discards the rest: unread-body.ts).
 */
async function* bodyOf(req: Request, res: Response): AsyncGenerator<Buffer> {
  continueIfAwaited(req, res);
  yield* req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
}

/** The header wins over the query: it keeps the hash out of access logs that record URLs. */
function sha256Of(req: Request): string {
  const fromHeader = req.get('x-content-sha256');
  if (fromHeader !== undefined) return fromHeader.trim();
  const fromQuery = req.query.sha256;
  return typeof fromQuery === 'string' ? fromQuery : '';
}

/**
 * Errors as everywhere else, except two statuses: a package over the size
 * limit and one the repository's quota has no room for are resource_exhausted,
 * which error-response.ts maps to 429 (retry later). For an upload that is
 * wrong, since retrying never helps; 413 Content Too Large and 507
 * Insufficient Storage are HTTP's words for them.
 */
function sendUploadError(res: Response, err: unknown): void {
  if (res.headersSent || res.destroyed) return; // the client left mid-upload: nobody to answer
  if (err instanceof PackageTooLargeError) {
    sendJson(res, 413, errorBody(err));
    return;
  }
  if (err instanceof RepositoryFullError) {
    // 507 Insufficient Storage: the repository's quota has no room; retrying without freeing space never helps.
    sendJson(res, 507, errorBody(err));
    return;
  }
  sendError(res, err);
}

function lengthRequiredMessage(req: Request): string {
  return (
    `PUT ${req.path} needs a Content-Length header: the package's size in bytes, declared before the content ` +
    '(chunked uploads are refused so that a package is checked against its size as it arrives)'
  );
}
