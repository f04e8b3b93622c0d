/**
 * Delete Package… as plain data: the host's packages to pick from, the modal
 * confirmation's words, and what to say afterwards. The command file
 * (commands/packages/delete-package.ts) only shows them.
 */
import { formatBytes } from '../../../client/format/format-values';
import { describePackage } from '../../../client/format/package-summary';
import type { ListPackagesResponse, Package } from '../../../gen/mobility/v1/agent_control_pb';
import type { Choice } from './install-choices';

/** Every package, in the repository's order (newest first); empty when there is nothing to remove. */
export function removalChoices(listing: ListPackagesResponse): Choice<Package>[] {
  return listing.packages.map((p) => ({
    label: p.name,
    description: [p.version, p.osTag, p.releaseDate, formatBytes(p.sizeBytes)].filter(Boolean).join(' · '),
    detail: p.name === listing.selectedPackage ? 'the package Install uses on this host when none is named' : undefined,
    value: p,
  }));
}

export interface Confirmation {
  message: string;
  detail: string;
  /** The one button that goes ahead; closing the modal cancels. */
  button: string;
}

export function removalConfirmation(hostName: string, pkg: Package, listing: ListPackagesResponse): Confirmation {
  const lines = [
    `${describePackage(pkg)} is deleted from ${listing.repositoryPath || "the host's repository"}. This cannot be undone: to use it again, push it again.`,
  ];
  if (pkg.name === listing.selectedPackage) {
    const next = listing.packages.find((p) => p.name !== pkg.name && p.matchesHost);
    lines.push(
      next
        ? `It is the package Install uses on ${hostName} when none is named; ${next.name} will be used instead.`
        : `It is the only package for ${hostName}'s OS: Install will have nothing to use until one is pushed.`,
    );
  }
  lines.push('mobilityd refuses while a queued or running job uses it.');
  return { message: `Delete ${pkg.name} from ${hostName}?`, detail: lines.join('\n\n'), button: 'Delete' };
}

export function emptyRepositoryMessage(hostName: string, listing: ListPackagesResponse): string {
  const where = listing.repositoryPath ? ` ${listing.repositoryPath}` : '';
  return `${hostName}: there is no package to delete: the repository${where} is empty.`;
}

export function removedMessage(hostName: string, removed: Package): string {
  return `${hostName}: deleted ${describePackage(removed)}.`;
}
