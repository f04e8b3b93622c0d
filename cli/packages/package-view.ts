/** ListPackages for people: the repository's installers and the one Install would use. */
import { formatBytes, orNone } from '../../client/format/format-values';
import { shortSha } from '../../client/format/package-summary';
import type { ListPackagesResponse } from '../../gen/mobility/v1/agent_control_pb';
import { formatTable } from '../output/table';

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
