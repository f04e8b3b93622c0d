/**
 * The group hierarchy of a parsed inventory: loops refused, each group's
 * depth below "all" (Ansible merges group variables shallow to deep), and the
 * groups a host is in directly or through parents.
 */
import { InventoryError } from './inventory-error';
import { ALL_GROUP, type RawInventory } from './raw-inventory';

export interface GroupTree {
  /** Depth below "all" (0), the longest way down as Ansible counts it. */
  depth: Map<string, number>;
  parents: Map<string, string[]>;
}

export function groupTree(inventory: RawInventory, file: string): GroupTree {
  const parents = new Map<string, string[]>();
  for (const name of inventory.groups.keys()) parents.set(name, []);
  for (const group of inventory.groups.values()) for (const child of group.children) parents.get(child)!.push(group.name);
  refuseLoops(inventory, file);
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const ups = parents.get(name) ?? [];
    const value = name === ALL_GROUP || ups.length === 0 ? 0 : Math.max(...ups.map(depthOf)) + 1;
    depth.set(name, value);
    return value;
  };
  for (const name of inventory.groups.keys()) depthOf(name);
  return { depth, parents };
}

/** A group that is (through children) its own child: an error naming the loop. */
function refuseLoops(inventory: RawInventory, file: string): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (path.includes(name)) {
      const loop = [...path.slice(path.indexOf(name)), name];
      const line = inventory.groups.get(loop[loop.length - 2])?.childLines.get(name);
      throw new InventoryError(`groups ${loop.join(' → ')} form a loop (a group cannot be its own child); remove one of these children`, { file, line });
    }
    if (done.has(name)) return;
    for (const child of inventory.groups.get(name)?.children ?? []) visit(child, [...path, name]);
    done.add(name);
  };
  for (const name of inventory.groups.keys()) visit(name, []);
}

/** Every group the host is in, directly or through parents, "all" included. */
export function groupsOfHost(inventory: RawInventory, tree: GroupTree, host: string): Set<string> {
  const found = new Set<string>();
  const climb = (name: string): void => {
    if (found.has(name)) return;
    found.add(name);
    for (const parent of tree.parents.get(name) ?? []) climb(parent);
  };
  for (const group of inventory.groups.values()) if (group.hosts.includes(host)) climb(group.name);
  found.add(ALL_GROUP);
  return found;
}
