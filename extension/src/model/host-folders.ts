/**
 * The Hosts tree's folders when an inventory is in use: one per inventory
 * group (a host in several groups is under each), "ungrouped" for inventory
 * hosts in no group, and "Added by hand" for the hosts of mobility.hosts.
 * Without inventory hosts there are no folders and the tree is flat, as it
 * always was.
 */
import type { HostEntry } from './host-settings';
import { escapeMarkdown } from './markdown';
import type { RowModel } from './tree-model';

export type FolderKind = 'group' | 'ungrouped' | 'byHand';

export interface HostFolder {
  /** Stable across reloads (expansion survives them); prefixes the ids of the rows under it. */
  id: string;
  kind: FolderKind;
  label: string;
  /** Host names, in the host list's order. */
  hosts: string[];
}

export const UNGROUPED_LABEL = 'ungrouped';
export const BY_HAND_LABEL = 'Added by hand';

/** The folders, groups by name then "ungrouped" then "Added by hand"; undefined: no inventory hosts, no folders. */
export function hostFolders(hosts: readonly HostEntry[]): HostFolder[] | undefined {
  if (!hosts.some((h) => h.inventory)) return undefined;
  const groups = new Map<string, string[]>();
  const ungrouped: string[] = [];
  const byHand: string[] = [];
  for (const host of hosts) {
    if (!host.inventory) byHand.push(host.name);
    else if (host.inventory.groups.length === 0) ungrouped.push(host.name);
    for (const group of host.inventory?.groups ?? []) {
      const names = groups.get(group) ?? [];
      names.push(host.name);
      groups.set(group, names);
    }
  }
  const folders: HostFolder[] = [...groups.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((group) => ({ id: `folder/group/${group}`, kind: 'group', label: group, hosts: groups.get(group)! }));
  if (ungrouped.length) folders.push({ id: 'folder/ungrouped', kind: 'ungrouped', label: UNGROUPED_LABEL, hosts: ungrouped });
  if (byHand.length) folders.push({ id: 'folder/by-hand', kind: 'byHand', label: BY_HAND_LABEL, hosts: byHand });
  return folders;
}

/** Each host's folder ids (a row per folder to repaint when the host changes). */
export function foldersByHost(folders: readonly HostFolder[]): Map<string, string[]> {
  const byHost = new Map<string, string[]>();
  for (const folder of folders) {
    for (const name of folder.hosts) {
      const ids = byHost.get(name) ?? [];
      ids.push(folder.id);
      byHost.set(name, ids);
    }
  }
  return byHost;
}

const ABOUT: Record<FolderKind, string> = {
  group: 'Inventory group',
  ungrouped: 'Inventory hosts in no group',
  byHand: 'Hosts added by hand (mobility.hosts)',
};

export function folderRow(folder: HostFolder): RowModel {
  const count = `${folder.hosts.length} host${folder.hosts.length === 1 ? '' : 's'}`;
  const heading = folder.kind === 'group' ? `${ABOUT.group} ${folder.label}` : ABOUT[folder.kind];
  return {
    id: folder.id,
    label: folder.label,
    description: count,
    icon: { id: folder.kind === 'byHand' ? 'folder' : 'symbol-namespace' },
    tooltip: { markdown: `**${escapeMarkdown(heading)}**\n\n${count}`, plain: `${heading}\n${count}` },
    contextValue: folder.kind === 'byHand' ? 'hostsByHand' : 'inventoryGroup',
    collapsible: 'expanded',
  };
}
