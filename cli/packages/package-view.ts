/** ListPackages for people: the repository's installers and the one Install would use. */
import type { ListPackagesResponse, Package } from '../../gen/mobility/v1/agent_control_pb';
import { formatBytes, orNone } from '../output/format-values';
import { formatTable } from '../output/table';

/** Enough of a sha256 to tell packages apart and to compare with `sha256sum` by eye. */
export function shortSha(sha256: string): string {
  return sha256 ? sha256.slice(0, 12) : '-';
}

export function renderPackages(listing: ListPackagesResponse, host: string): string {
  let table: string;
  if (listing.packages.length === 0) {
    table = `No installer packages in the repository of ${host}.\n`;
  } else {
    const rows = listing.packages.map((p) => [
      p.name,
      orNone(p.version),
      orNone(p.osTag),
      orNone(p.releaseDate),
      formatBytes(p.sizeBytes),
      shortSha(p.sha256),
      p.matchesHost ? 'yes' : 'no',
    ]);
    table = formatTable([['NAME', 'VERSION', 'OS', 'DATE', 'SIZE', 'SHA256', 'MATCHES HOST'], ...rows]);
  }
  return `${table}\n${selectionLine(listing)}Repository: ${orNone(listing.repositoryPath)}\n`;
}

function selectionLine(listing: ListPackagesResponse): string {
  if (listing.selectedPackage) {
    return `\`mobilityctl install\` without --package would use: ${listing.selectedPackage}\n`;
  }
  return "`mobilityctl install` without --package has nothing to use: no package serves this host's OS; push one with `mobilityctl push FILE`\n";
}

/** "Microsoft-...tar.gz (9.30.0.0, UBUNTU-20.04-64, 1.2 MiB, sha256 0123456789ab)". */
export function describePackage(p: Package): string {
  return `${p.name} (${[p.version, p.osTag, formatBytes(p.sizeBytes), `sha256 ${shortSha(p.sha256)}`].filter(Boolean).join(', ')})`;
}
