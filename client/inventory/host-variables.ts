/**
 * One host's variables as Ansible merges them: "all" first, then its groups
 * from shallow to deep (a child group beats its parent; among groups at the
 * same depth ansible_group_priority, then the name, decides), then the host's
 * own. Each value remembers where it was set, so that a bad one can be
 * pointed at.
 */
import type { GroupTree } from './group-tree';
import type { InventoryVars, RawInventory } from './raw-inventory';

export interface VariableOrigin {
  /** e.g. "host web01" or "group web's vars". */
  where: string;
  line?: number;
  /** Its place in the merge: a higher rank is more specific (all < parent < child < host). */
  rank: number;
}

export interface HostVariables {
  vars: InventoryVars;
  origin: Map<string, VariableOrigin>;
}

export function hostVariables(inventory: RawInventory, tree: GroupTree, groups: Set<string>, host: string): HostVariables {
  const vars: InventoryVars = {};
  const origin = new Map<string, VariableOrigin>();
  const apply = (values: InventoryVars, from: VariableOrigin) => {
    for (const [key, value] of Object.entries(values)) {
      vars[key] = value;
      origin.set(key, from);
    }
  };
  const ordered = [...groups].sort((a, b) => compareGroups(inventory, tree, a, b));
  ordered.forEach((name, rank) => {
    const group = inventory.groups.get(name)!;
    apply(group.vars, { where: `group ${name}'s vars`, line: group.varsLine, rank });
  });
  apply(inventory.hostVars.get(host) ?? {}, { where: `host ${host}`, line: inventory.hostLines.get(host), rank: ordered.length });
  return { vars, origin };
}

function compareGroups(inventory: RawInventory, tree: GroupTree, a: string, b: string): number {
  const byDepth = (tree.depth.get(a) ?? 0) - (tree.depth.get(b) ?? 0);
  if (byDepth !== 0) return byDepth;
  const byPriority = priority(inventory, a) - priority(inventory, b);
  return byPriority !== 0 ? byPriority : a < b ? -1 : a > b ? 1 : 0;
}

function priority(inventory: RawInventory, group: string): number {
  const value = Number(inventory.groups.get(group)?.vars.ansible_group_priority ?? 1);
  return Number.isFinite(value) ? value : 1;
}
