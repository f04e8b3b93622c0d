/**
 * The choices Install offers, as plain data: role, platform, and the host's
 * packages (the one Install would use first) plus pushing a local file.
 */
import { formatBytes } from '../../../client/format/format-values';
import { AgentRole, Platform, type ListPackagesResponse } from '../../../gen/mobility/v1/agent_control_pb';

export interface Choice<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export const ROLE_CHOICES: Choice<AgentRole>[] = [
  { label: 'MS', description: 'Mobility service', detail: 'The agent on a protected VM or physical server (newer docs: "Agent")', value: AgentRole.MOBILITY_SERVICE },
  { label: 'MT', description: 'Master target', detail: 'A master target server for failback (newer docs: "MasterTarget")', value: AgentRole.MASTER_TARGET },
];

export const PLATFORM_CHOICES: Choice<Platform>[] = [
  { label: 'VMware', description: 'VmWare', detail: 'VMware VMs and physical servers (and Azure VMs managed as physical machines)', value: Platform.VMWARE },
  { label: 'Azure', description: 'Azure', detail: 'Azure VMs', value: Platform.AZURE },
];

export type PackageChoice = { kind: 'package'; name: string } | { kind: 'push' };

export const PUSH_LABEL = 'Push a local installer file…';

/** The host's packages, the one Install would use first, then "Push a local installer file…". */
export function packageChoices(response: ListPackagesResponse): Choice<PackageChoice>[] {
  const selected = response.selectedPackage;
  const sorted = [...response.packages].sort((a, b) => Number(b.name === selected) - Number(a.name === selected));
  const items: Choice<PackageChoice>[] = sorted.map((p) => ({
    label: p.name,
    description: [p.version, p.osTag, p.releaseDate, formatBytes(p.sizeBytes)].filter(Boolean).join(' · '),
    detail:
      p.name === selected
        ? 'the newest package for this host (the default)'
        : p.matchesHost
          ? 'serves this host'
          : 'does not serve this host\'s OS; mobilityd will refuse it',
    value: { kind: 'package', name: p.name },
  }));
  items.push({
    label: PUSH_LABEL,
    description: 'upload an installer from this machine into the host\'s repository',
    detail: response.packages.length === 0 ? `the host's repository (${response.repositoryPath}) is empty` : undefined,
    value: { kind: 'push' },
  });
  return items;
}

export type PassphraseSource = 'local-file' | 'typed' | 'host-file';

export const PASSPHRASE_CHOICES: Choice<PassphraseSource>[] = [
  { label: 'Read it from a file…', description: 'a file on this machine; sent once, never saved', value: 'local-file' },
  { label: 'Type it…', description: 'typed into a password box; sent once, never saved', value: 'typed' },
  { label: 'Use a file on the host…', description: 'an absolute path on the host; only the path is sent', value: 'host-file' },
];
