/**
 * An inventory as parsed, before mobilityd's settings are read from it: the
 * shape `ansible-inventory --list` prints (groups with hosts, children and
 * vars, and each host's own vars), plus the lines things were defined on so
 * that a bad value can be pointed at. Both the built-in parsers and the
 * ansible-inventory reader produce it.
 */

/** Inventory variables as written: INI gives strings, YAML and ansible-inventory give typed values. */
export type InventoryVars = Record<string, unknown>;

export interface RawGroup {
  name: string;
  /** Hosts listed directly in the group, in the inventory's order. */
  hosts: string[];
  /** Direct child groups, in the inventory's order. */
  children: string[];
  /** The line each child was listed on, when known. */
  childLines: Map<string, number>;
  vars: InventoryVars;
  /** Where the group was first named, when known. */
  line?: number;
  /** Where the group's vars were set (its first vars line), when known. */
  varsLine?: number;
}

export interface RawInventory {
  groups: Map<string, RawGroup>;
  hostVars: Map<string, InventoryVars>;
  /** Every host, in the order first named. */
  hostOrder: string[];
  /** The line each host was first named on, when known. */
  hostLines: Map<string, number>;
}

export const ALL_GROUP = 'all';
export const UNGROUPED = 'ungrouped';

export function emptyInventory(): RawInventory {
  const inventory: RawInventory = { groups: new Map(), hostVars: new Map(), hostOrder: [], hostLines: new Map() };
  ensureGroup(inventory, ALL_GROUP);
  return inventory;
}

export function ensureGroup(inventory: RawInventory, name: string, line?: number): RawGroup {
  let group = inventory.groups.get(name);
  if (!group) {
    group = { name, hosts: [], children: [], childLines: new Map(), vars: {}, line };
    inventory.groups.set(name, group);
  }
  return group;
}

/** Adds a host to a group (once) and merges the vars given with it over what it had. */
export function addHost(inventory: RawInventory, groupName: string, host: string, vars: InventoryVars, line?: number): void {
  if (!inventory.hostVars.has(host)) {
    inventory.hostVars.set(host, {});
    inventory.hostOrder.push(host);
    if (line !== undefined) inventory.hostLines.set(host, line);
  }
  Object.assign(inventory.hostVars.get(host)!, vars);
  const group = ensureGroup(inventory, groupName);
  if (!group.hosts.includes(host)) group.hosts.push(host);
}

export function addChild(inventory: RawInventory, parentName: string, childName: string, line?: number): void {
  const parent = ensureGroup(inventory, parentName, line);
  ensureGroup(inventory, childName, line);
  if (!parent.children.includes(childName)) parent.children.push(childName);
  if (line !== undefined && !parent.childLines.has(childName)) parent.childLines.set(childName, line);
}

/**
 * What Ansible does after parsing: every group without a parent is a child of
 * "all", and every host in no group but "all" is in "ungrouped".
 */
export function completeInventory(inventory: RawInventory): RawInventory {
  const hasParent = new Set<string>();
  for (const group of inventory.groups.values()) group.children.forEach((child) => hasParent.add(child));
  for (const name of inventory.groups.keys()) {
    if (name !== ALL_GROUP && !hasParent.has(name)) addChild(inventory, ALL_GROUP, name);
  }
  const grouped = new Set<string>();
  for (const group of inventory.groups.values()) if (group.name !== ALL_GROUP) group.hosts.forEach((host) => grouped.add(host));
  for (const host of inventory.hostOrder) if (!grouped.has(host)) addHost(inventory, UNGROUPED, host, {});
  return inventory;
}
