/**
 * The host's package repository: a folder of agent installer files named
 * Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>.
 * (Interface fixed; implementation in progress.)
 */
import type { Package } from '../../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../errors/app-error';

/** A package file on disk. */
export interface StoredPackage {
  package: Package;
  /** Absolute path of the file. */
  path: string;
}

export interface UploadHeader {
  name: string;
  sha256: string;
  sizeBytes: number;
}

export interface PackageListing {
  packages: Package[];
  /** The package Install uses when none is named, if any. */
  selected?: string;
  repositoryPath: string;
}

export class PackageRepository {
  constructor(readonly dir: string) {}

  /** Every package, newest version first, each marked whether it serves `hostOsTag`. */
  async list(_hostOsTag: string): Promise<PackageListing> {
    throw new AppError('unimplemented', 'ListPackages is not implemented yet');
  }

  /** A package by file name, or NOT_FOUND naming the repository folder. */
  async find(_name: string, _hostOsTag: string): Promise<StoredPackage> {
    throw new AppError('unimplemented', 'packages are not implemented yet');
  }

  /** The newest package for an OS tag, or undefined. */
  async newestFor(_osTag: string): Promise<StoredPackage | undefined> {
    throw new AppError('unimplemented', 'packages are not implemented yet');
  }

  /** Stores an upload atomically after verifying name, size and sha256. */
  async upload(
    _header: UploadHeader,
    _content: AsyncIterable<Uint8Array>,
    _hostOsTag: string,
  ): Promise<{ stored: StoredPackage; alreadyPresent: boolean }> {
    throw new AppError('unimplemented', 'UploadPackage is not implemented yet');
  }
}
