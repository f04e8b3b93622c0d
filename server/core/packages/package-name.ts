/**
 * Installer file names as the domain checks them: the contract's rules
 * (contract/package-name.ts, shared with the clients), a broken one refused
 * with INVALID_ARGUMENT.
 */
import { parsePackageName as parseName, PackageNameError, type PackageName } from '../../../contract/package-name';
import { invalidArgument } from '../errors/app-error';

export { parseReleaseDate, tryParsePackageName, type PackageName } from '../../../contract/package-name';

/** The parts of a package file name, or INVALID_ARGUMENT saying what is wrong and showing the pattern. */
export function parsePackageName(name: string): PackageName {
  try {
    return parseName(name);
  } catch (err) {
    throw err instanceof PackageNameError ? invalidArgument(err.message) : err;
  }
}
