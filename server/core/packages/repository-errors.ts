/**
 * The package repository's errors, worded for the person at the other end:
 * what is wrong, and the one thing to do about it.
 */
import { AppError, notFound } from '../errors/app-error';

/** How a package gets into the repository, said the same way everywhere. */
export function howToAdd(dir: string): string {
  return `push it with \`mobilityctl push <file>\` or copy the installer file into ${dir}`;
}

export function packageNotFound(name: string, dir: string): AppError {
  return notFound(`there is no package named ${JSON.stringify(name)} in the repository ${dir}; ${howToAdd(dir)}`);
}

export function differentPackageExists(name: string): AppError {
  return new AppError(
    'already_exists',
    `a different package named ${JSON.stringify(name)} is already in the repository; remove it first or give the new one another name`,
  );
}

export function contentMismatch(actual: string, declared: string): AppError {
  return new AppError('invalid_argument', `content sha256 ${actual} does not match the declared ${declared}; nothing was stored`);
}

export function notARegularFile(name: string, dir: string): AppError {
  return new AppError(
    'failed_precondition',
    `${JSON.stringify(name)} in the repository ${dir} is not a regular file; remove it and ${howToAdd(dir)}`,
  );
}
