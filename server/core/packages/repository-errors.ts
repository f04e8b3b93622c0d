/**
 * The package repository's errors, worded for the person at the other end:
 * what is wrong, and the one thing to do about it.
 */
import { AppError, failedPrecondition, notFound } from '../errors/app-error';
import { cutValue, quoteValue } from '../../../contract/quote-value';

/** How a package gets into the repository, said the same way everywhere. */
export function howToAdd(dir: string): string {
  return `push it with \`mobilityctl push <file>\` or copy the installer file into ${dir}`;
}

export function packageNotFound(name: string, dir: string): AppError {
  return notFound(`there is no package named ${quoteValue(name)} in the repository ${dir}; ${howToAdd(dir)}`);
}

export function differentPackageExists(name: string): AppError {
  return new AppError(
    'already_exists',
    `a different package named ${quoteValue(name)} is already in the repository; remove it first or give the new one another name`,
  );
}

export function contentMismatch(actual: string, declared: string): AppError {
  return new AppError('invalid_argument', `content sha256 ${actual} does not match the declared ${declared}; nothing was stored`);
}

export function notARegularFile(name: string, dir: string): AppError {
  return new AppError(
    'failed_precondition',
    `${quoteValue(name)} in the repository ${dir} is not a regular file; remove it and ${howToAdd(dir)}`,
  );
}

/** DeletePackage of a name the folder does not hold. */
export function nothingToRemove(name: string, dir: string): AppError {
  return notFound(
    `there is no package named ${quoteValue(name)} in the repository ${dir}; nothing was removed ` +
      '(`mobilityctl packages` lists the packages there are)',
  );
}

/** Which job holds a package: it must not disappear under a job that is about to copy it or is running it. */
export interface PackageUse {
  jobId: string;
  state: 'queued' | 'running';
}

export function packageInUse(name: string, use: PackageUse): AppError {
  return failedPrecondition(
    `package ${cutValue(name)} is used by install job ${use.jobId}, which is ${use.state}; wait for it to end or cancel it ` +
      `(mobilityctl cancel ${use.jobId}), then remove the package`,
  );
}

export function uploadInProgress(name: string): AppError {
  return failedPrecondition(`an upload of ${cutValue(name)} is in progress; wait for it to end, then remove the package`);
}

/** Removing a package file failed for a reason of the daemon's, not the caller's. */
export function removalFailure(err: unknown, file: string, dir: string): AppError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('permission_denied', `mobilityd cannot remove ${file} (${code}); give it write access to the folder ${dir}`);
  }
  return new AppError('internal', `removing ${file} failed: ${(err as Error)?.message ?? String(err)}; nothing was removed`);
}
