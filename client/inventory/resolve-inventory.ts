/**
 * From a parsed inventory to the one mobilityctl and the extension use: each
 * host with its mobilityd address, its security and its groups, and the
 * groups with their hosts and children ("all" and "ungrouped" left out).
 */
import { isSshAddress } from '../connection/ssh-address';
import { groupsOfHost, groupTree } from './group-tree';
import { HostSettings } from './host-settings';
import { hostVariables } from './host-variables';
import { inventoryAddress } from './inventory-address';
import { inventorySecurity } from './inventory-security';
import type { Inventory, InventoryGroup, InventoryHost } from './inventory-types';
import { ALL_GROUP, UNGROUPED, type RawInventory } from './raw-inventory';

const IMPLICIT_GROUPS = new Set([ALL_GROUP, UNGROUPED]);

export function resolveInventory(raw: RawInventory, file: string, source: Inventory['source']): Inventory {
  const tree = groupTree(raw, file);
  const hosts = raw.hostOrder.map((name): InventoryHost => {
    const groups = groupsOfHost(raw, tree, name);
    const settings = new HostSettings(file, name, hostVariables(raw, tree, groups, name));
    const address = inventoryAddress(settings);
    return {
      name,
      address,
      groups: [...groups].filter((group) => !IMPLICIT_GROUPS.has(group)).sort(),
      security: inventorySecurity(settings, isSshAddress(address)),
    };
  });
  const groups = [...raw.groups.values()]
    .filter((group) => !IMPLICIT_GROUPS.has(group.name))
    .map((group): InventoryGroup => ({
      name: group.name,
      hosts: hosts.filter((host) => host.groups.includes(group.name)).map((host) => host.name).sort(),
      children: [...group.children].sort(),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { file, hosts, groups, source };
}
