/**
 * The installer file name pattern, checked before anything is sent:
 * Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release.<exe|tar.gz>
 * (docs/installer-contract.md). The rules are mobilityd's own (one parser for
 * both sides, so they cannot drift); checking here only saves a round trip,
 * or a long hash and upload, and says exactly what is wrong.
 */
import { NAME_EXAMPLE, parsePackageName } from '../../server/core/packages/package-name';

export const PACKAGE_NAME_EXAMPLE = NAME_EXAMPLE;

/** Why a file name is not an installer package name, or undefined when it is one. */
export function packageNameProblem(name: string): string | undefined {
  try {
    parsePackageName(name);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
  }
}
