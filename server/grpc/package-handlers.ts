/** ListPackages, UploadPackage and DeletePackage over gRPC: thin adapters over the package repository. */
import { create } from '@bufbuild/protobuf';
import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import {
  DeletePackageResponseSchema,
  ListPackagesResponseSchema,
  UploadPackageResponseSchema,
  type DeletePackageRequest,
  type ListPackagesRequest,
  type UploadPackageRequest,
  type UploadPackageResponse,
} from '../../gen/mobility/v1/agent_control_pb';
import { invalidArgument } from '../core/errors/app-error';
import type { PackageRepository, PackageUsers, UploadHeader } from '../core/packages/package-repository';
import { readHostOs, type StatusContext } from '../core/status/host-status';
import { answer, unary } from './unary-call';

/** `users` (the job manager) keeps DeletePackage from removing a package a job uses. */
export function packageHandlers(packages: PackageRepository, status: StatusContext, users?: PackageUsers) {
  return {
    listPackages: unary(async (_request: ListPackagesRequest) => {
      const os = await readHostOs(status);
      const listing = await packages.list(os.installerOsTag);
      return create(ListPackagesResponseSchema, {
        packages: listing.packages,
        selectedPackage: listing.selected ?? '',
        repositoryPath: listing.repositoryPath,
      });
    }),

    uploadPackage(call: ServerReadableStream<UploadPackageRequest, UploadPackageResponse>, callback: sendUnaryData<UploadPackageResponse>) {
      answer(callback, async () => {
        const iterator = (call as AsyncIterable<UploadPackageRequest>)[Symbol.asyncIterator]();
        const header = await readHeader(iterator);
        const os = await readHostOs(status);
        const { stored, alreadyPresent } = await packages.upload(header, contentOf(iterator), os.installerOsTag);
        return create(UploadPackageResponseSchema, { package: stored.package, alreadyPresent });
      });
    },

    deletePackage: unary(async (request: DeletePackageRequest) => {
      const os = await readHostOs(status);
      const removed = await packages.delete(request.name, os.installerOsTag, users);
      return create(DeletePackageResponseSchema, { package: removed.package });
    }),
  };
}

async function readHeader(iterator: AsyncIterator<UploadPackageRequest>): Promise<UploadHeader> {
  const first = await iterator.next();
  if (first.done || first.value.part.case !== 'header') {
    throw invalidArgument('the first UploadPackage message must be the header (name, sha256, size_bytes); content comes after it');
  }
  const { name, sha256, sizeBytes } = first.value.part.value;
  return { name, sha256, sizeBytes: Number(sizeBytes) };
}

/** The content chunks that follow the header; a second header is a client bug. */
async function* contentOf(iterator: AsyncIterator<UploadPackageRequest>): AsyncIterable<Uint8Array> {
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const part = next.value.part;
    if (part.case === 'chunk') yield part.value;
    else throw invalidArgument('UploadPackage takes one header, first; every later message must carry a content chunk');
  }
}
