/** The repository's order: newest agent version first, then newest release date. */
import { compareAgentVersions } from './agent-version';
import type { PackageName } from './package-name';

export function newestFirst(a: PackageName, b: PackageName): number {
  return (
    compareAgentVersions(b.version, a.version) ||
    b.releaseTime - a.releaseTime ||
    // Same version and date (another OS's installer): by name, so the order never flickers.
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}
