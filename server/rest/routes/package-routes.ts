/**
 * GET /v1/packages and PUT /v1/packages/:name — ListPackages and UploadPackage
 * over HTTP, thin adapters over the same package repository as gRPC.
 *
 * PUT takes the package as the raw request body, streamed into the repository
 * as it arrives (never buffered whole): the size is the Content-Length (411
 * without one), the sha256 is the X-Content-SHA256 header or the sha256 query
 * parameter. 201 when stored, 200 when the identical package was already there.
 */
import { create, toJson } from '@bufbuild/protobuf';
import type { Request, Response } from 'express';
import {
  ListPackagesResponseSchema,
  UploadPackageResponseSchema,
} from '../../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../../core/errors/app-error';
import type { PackageRepository, UploadHeader } from '../../core/packages/package-repository';
import { PackageTooLargeError } from '../../core/packages/upload-header';
import { readHostOs, type StatusContext } from '../../core/status/host-status';
import { errorBody, sendError } from '../error-response';

/**
 * What the routes need. The daemon hands the REST server the same deps object
 * as the gRPC server, which carries the repository; `packages` is optional so
 * that a REST app built without one still serves everything else.
 */
export interface PackageRouteDeps {
  status: StatusContext;
  packages?: PackageRepository;
}

export function listPackagesRoute(deps: PackageRouteDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const packages = repositoryOf(deps);
    const os = await readHostOs(deps.status);
    const listing = await packages.list(os.installerOsTag);
    const response = create(ListPackagesResponseSchema, {
      packages: listing.packages,
      selectedPackage: listing.selected ?? '',
      repositoryPath: listing.repositoryPath,
    });
    res.setHeader('Cache-Control', 'no-store'); // the folder may change at any time
    res.json(toJson(ListPackagesResponseSchema, response));
  };
}

export function uploadPackageRoute(deps: PackageRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const packages = repositoryOf(deps);
    const length = req.get('content-length');
    if (length === undefined) {
      // 411 Length Required says exactly this; the body still carries the domain's code.
      res.status(411).json(errorBody(new AppError('invalid_argument', lengthRequiredMessage(req))));
      return;
    }
    const header: UploadHeader = { name: String(req.params.name), sha256: sha256Of(req), sizeBytes: Number(length) };
    try {
      const os = await readHostOs(deps.status);
      // An IncomingMessage is an async iterable of Buffers: the body streams straight in.
      const { stored, alreadyPresent } = await packages.upload(header, req, os.installerOsTag);
      const response = create(UploadPackageResponseSchema, { package: stored.package, alreadyPresent });
      res.status(alreadyPresent ? 200 : 201).json(toJson(UploadPackageResponseSchema, response));
    } catch (err) {
      sendUploadError(res, err);
    }
  };
}

/** The header wins over the query: it keeps the hash out of access logs that record URLs. */
function sha256Of(req: Request): string {
  const fromHeader = req.get('x-content-sha256');
  if (fromHeader !== undefined) return fromHeader.trim();
  const fromQuery = req.query.sha256;
  return typeof fromQuery === 'string' ? fromQuery : '';
}

/**
 * Errors as everywhere else, except one status: a package over the size limit
 * is resource_exhausted, which error-response.ts maps to 429 (retry later). For
 * an upload that is wrong, since retrying never helps; 413 Content Too Large is
 * HTTP's word for it.
 */
function sendUploadError(res: Response, err: unknown): void {
  if (res.headersSent || res.destroyed) return; // the client left mid-upload: nobody to answer
  if (err instanceof PackageTooLargeError) {
    res.status(413).json(errorBody(err));
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

function repositoryOf(deps: PackageRouteDeps): PackageRepository {
  if (!deps.packages) throw new AppError('unimplemented', 'this REST server was started without a package repository');
  return deps.packages;
}
