/**
 * The host's package repository: a folder of agent installer files named
 * Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>.
 *
 * The folder is the only state: files may be copied in by hand at any time, so
 * every call reads it afresh (only hashes are remembered, per file version).
 * Uploads never show half a file: content goes to a hidden temp file in the same
 * folder and is linked under its name only once size, sha256 and content (a
 * real installer: package-content.ts) are verified. Optional guards: a trust
 * list of sha256 sums (trust-list.ts) and a quota on the folder's total bytes
 * (repository-quota.ts). A package is removed in one step, never while a job
 * uses it or an upload of its name is in flight.
 */
import { create } from '@bufbuild/protobuf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PackageSchema, type Package } from '../../../gen/mobility/v1/agent_control_pb';
import { DEFAULT_MAX_PACKAGE_BYTES, DEFAULT_REPOSITORY_QUOTA_BYTES } from '../config/daemon-config';
import { fromFsError } from '../errors/app-error';
import { commitFile } from './commit-file';
import { FileHashCache } from './file-hash-cache';
import { checkPackageContent } from './package-content';
import { parsePackageName, tryParsePackageName, type PackageName } from './package-name';
import { newestFirst } from './package-order';
import { removePackageFile } from './package-removal';
import {
  differentPackageExists,
  notARegularFile,
  nothingToRemove,
  packageInUse,
  packageNotFound,
  uploadInProgress,
  type PackageUse,
} from './repository-errors';
import { RepositoryQuota } from './repository-quota';
import { removeTempFile, removeTempFiles, tempFilePath } from './temp-files';
import { TrustList } from './trust-list';
import { UploadActivity } from './upload-activity';
import { checkUploadHeader, type CheckedUpload, type UploadHeader } from './upload-header';
import { receiveAndDiscard, receiveToFile } from './upload-receiver';

export type { UploadHeader } from './upload-header';

/** A package file on disk. */
export interface StoredPackage {
  package: Package;
  /** Absolute path of the file. */
  path: string;
}

export interface PackageListing {
  packages: Package[];
  /** The package Install uses when none is named, if any. */
  selected?: string;
  repositoryPath: string;
}

export interface PackageRepositoryOptions {
  /** The biggest upload accepted, in bytes (config maxPackageBytes; default 4 GiB). */
  maxPackageBytes?: number;
  /** The most bytes the folder may hold (config repositoryQuotaBytes; default 16 GiB). */
  quotaBytes?: number;
  /** A file of trusted sha256 sums (config trustedPackagesFile); empty or absent: no trust list. */
  trustedPackagesFile?: string;
}

/**
 * Who may be using a package: the job manager. `whileNoJobStarts` runs
 * `action` while no job can be admitted, with the package each queued or
 * running job uses, so a package removed inside it is never picked meanwhile.
 */
export interface PackageUsers {
  whileNoJobStarts<T>(action: (inUse: ReadonlyMap<string, PackageUse>) => Promise<T>): Promise<T>;
}

const NO_USERS: PackageUsers = { whileNoJobStarts: (action) => action(new Map()) };

/** A package file found in the folder, not hashed yet. */
interface FoundFile {
  name: PackageName;
  path: string;
  stat: fs.Stats;
}

export class PackageRepository {
  /** Uploads in progress: counts, progress events, and a promise for when none runs. */
  readonly activity = new UploadActivity();
  /**
   * Temp files a previous daemon left behind when it died mid-upload, all
   * removed at startup, before any upload of this daemon can begin (they are
   * hidden anyway; this gives the disk space back). The daemon awaits it.
   */
  readonly startupCleanup: Promise<string[]>;
  private readonly hashes = new FileHashCache();
  private readonly maxPackageBytes: number;
  private readonly quota: RepositoryQuota;
  /** Undefined without a trust list. Reading it here makes a bad one a start-up error. */
  private readonly trust?: TrustList;

  constructor(
    readonly dir: string,
    options: PackageRepositoryOptions = {},
  ) {
    this.maxPackageBytes = options.maxPackageBytes ?? DEFAULT_MAX_PACKAGE_BYTES;
    this.quota = new RepositoryQuota(dir, options.quotaBytes ?? DEFAULT_REPOSITORY_QUOTA_BYTES);
    this.trust = options.trustedPackagesFile ? TrustList.open(options.trustedPackagesFile) : undefined;
    this.startupCleanup = removeTempFiles(dir);
  }

  /** Every package, newest version first, each marked whether it serves `hostOsTag`. */
  async list(hostOsTag: string): Promise<PackageListing> {
    const found = await this.scan();
    this.hashes.retainOnly(new Set(found.map((f) => f.path)));
    const described = await Promise.all(found.map((f) => this.describe(f, hostOsTag)));
    const packages = described.filter((p): p is StoredPackage => p !== undefined).map((p) => p.package);
    const selected = packages.find((p) => p.matchesHost)?.name;
    return { packages, selected, repositoryPath: this.dir };
  }

  /** A package by file name, or NOT_FOUND naming the repository folder. */
  async find(name: string, hostOsTag: string): Promise<StoredPackage> {
    const parsed = parsePackageName(name);
    const stored = await this.stored(parsed, hostOsTag);
    if (!stored) throw packageNotFound(name, this.dir);
    return stored;
  }

  /** The newest package for an OS tag, or undefined. Its matches_host is true: it serves that tag. */
  async newestFor(osTag: string): Promise<StoredPackage | undefined> {
    for (const file of (await this.scan()).filter((f) => f.name.osTag === osTag)) {
      const stored = await this.describe(file, osTag);
      if (stored) return stored; // else it vanished since the scan: the next newest
    }
    return undefined;
  }

  /**
   * Stores an upload atomically after verifying name, size, sha256 and content
   * (an installer a job can run), within the trust list and the quota.
   */
  async upload(
    header: UploadHeader,
    content: AsyncIterable<Uint8Array>,
    hostOsTag: string,
  ): Promise<{ stored: StoredPackage; alreadyPresent: boolean }> {
    const upload = checkUploadHeader(header, this.maxPackageBytes);
    // track() counts the name before anything awaits: delete() relies on it.
    return this.activity.track(upload.name.name, () => this.store(upload, content, hostOsTag));
  }

  /** FAILED_PRECONDITION when a trust list is configured and does not list this package's content. */
  requireTrusted(stored: StoredPackage): void {
    this.trust?.requireTrusted(stored.package.name, stored.package.sha256);
  }

  /**
   * Removes a package file in one step (unlink) and returns it as it was.
   * Refused while a queued or running job uses it (`users`, the job manager,
   * also keeps jobs from starting meanwhile) or while an upload of its name
   * is in flight: an upload registers its name before its first await, and
   * the check and the unlink here run with no await in between.
   */
  async delete(name: string, hostOsTag: string, users: PackageUsers = NO_USERS): Promise<StoredPackage> {
    const parsed = parsePackageName(name);
    return users.whileNoJobStarts(async (inUse) => {
      const stored = await this.stored(parsed, hostOsTag);
      if (!stored) throw nothingToRemove(name, this.dir);
      const use = inUse.get(name);
      if (use) throw packageInUse(name, use);
      if (this.activity.uploading(name)) throw uploadInProgress(name);
      await removePackageFile(stored.path, name, this.dir); // unlinks before its first await: package-removal.ts
      return stored;
    });
  }

  private async store(upload: CheckedUpload, content: AsyncIterable<Uint8Array>, hostOsTag: string) {
    const name = upload.name.name;
    await this.startupCleanup; // it removes every temp file: none of ours may exist before it is done
    // Refused before anything is read or written.
    this.trust?.requireTrusted(name, upload.sha256);
    const existing = await this.stored(upload.name, hostOsTag);
    if (existing) {
      // Refused before the content is sent on: it could be gigabytes for nothing.
      if (existing.package.sha256 !== upload.sha256) throw differentPackageExists(name);
      // Identical: still read and verify the content (the sender expects it to be
      // taken), but write nothing, so the stored file keeps its inode and mtime.
      await receiveAndDiscard(upload, content, (bytes) => void this.activity.emit('progress', name, bytes));
      return { stored: existing, alreadyPresent: true };
    }
    const reservation = await this.quota.reserve(name, upload.sizeBytes); // from the declared size, before a byte is written
    const tempFile = tempFilePath(this.dir);
    try {
      await receiveToFile(upload, content, tempFile, async (bytes) => {
        this.activity.emit('progress', name, bytes);
        await this.quota.whileStreaming(reservation, bytes);
      });
      await checkPackageContent(tempFile, upload.name);
      const finalFile = path.join(this.dir, name);
      if (await this.quota.commit(reservation, () => commitFile(tempFile, finalFile))) {
        return { stored: await this.committed(upload, finalFile, hostOsTag), alreadyPresent: false };
      }
      // Another upload of this name committed first: fine if it is the same package.
      const winner = await this.stored(upload.name, hostOsTag);
      if (winner?.package.sha256 === upload.sha256) return { stored: winner, alreadyPresent: true };
      throw differentPackageExists(name);
    } finally {
      this.quota.release(reservation);
      await removeTempFile(tempFile);
    }
  }

  /** The package just committed; its hash is known from the upload, so it is never read back. */
  private async committed(upload: CheckedUpload, file: string, hostOsTag: string): Promise<StoredPackage> {
    const stat = await fs.promises.stat(file);
    this.hashes.remember(file, stat, upload.sha256);
    return { path: file, package: packageOf(upload.name, stat, upload.sha256, hostOsTag) };
  }

  /** The package file with this name, or undefined when there is none. */
  private async stored(name: PackageName, hostOsTag: string): Promise<StoredPackage | undefined> {
    const file = path.join(this.dir, name.name);
    const stat = await statOrUndefined(file);
    if (!stat) return undefined;
    if (!stat.isFile()) throw notARegularFile(name.name, this.dir);
    return this.describe({ name, path: file, stat }, hostOsTag);
  }

  /** The package files in the folder, newest first, not hashed yet. Other files are not packages. */
  private async scan(): Promise<FoundFile[]> {
    let entries: string[];
    try {
      entries = await fs.promises.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fromFsError(err, 'the package repository', this.dir);
    }
    const found = await Promise.all(
      entries.map(async (entry): Promise<FoundFile | undefined> => {
        const name = tryParsePackageName(entry); // temp files and anything else never parse
        if (!name) return undefined;
        const file = path.join(this.dir, entry);
        const stat = await statOrUndefined(file);
        return stat?.isFile() ? { name, path: file, stat } : undefined;
      }),
    );
    return found.filter((f): f is FoundFile => f !== undefined).sort((a, b) => newestFirst(a.name, b.name));
  }

  /** Hashes a found file; undefined when it disappeared in the meantime. */
  private async describe(file: FoundFile, hostOsTag: string): Promise<StoredPackage | undefined> {
    let sha256: string;
    try {
      sha256 = await this.hashes.sha256(file.path, file.stat);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fromFsError(err, 'the package file', file.path);
    }
    return { path: file.path, package: packageOf(file.name, file.stat, sha256, hostOsTag) };
  }
}

function packageOf(name: PackageName, stat: fs.Stats, sha256: string, hostOsTag: string): Package {
  return create(PackageSchema, {
    name: name.name,
    version: name.version,
    osTag: name.osTag,
    releaseDate: name.releaseDate,
    sizeBytes: BigInt(stat.size),
    sha256,
    matchesHost: hostOsTag !== '' && name.osTag === hostOsTag,
  });
}

/** Follows symlinks (a hand-placed link to an installer elsewhere is a package too). */
async function statOrUndefined(file: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fromFsError(err, 'the package file', file);
  }
}
