/**
 * Ansible's --limit patterns over an inventory: host or group names, "all"
 * or "*", wildcards (web-*), ~regex, and lists joined by "," or ":" where a
 * plain term adds hosts, "&term" keeps only hosts also in it and "!term"
 * removes its hosts (in that order, whatever order they are written in).
 */
import { InventoryError } from './inventory-error';
import type { Inventory, InventoryHost } from './inventory-types';

export function applyLimit(inventory: Inventory, pattern: string): Inventory {
  const terms = splitPattern(inventory, pattern);
  const unions = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  const selected = new Set<string>(unions.length === 0 ? inventory.hosts.map((h) => h.name) : []);
  for (const term of unions) matchTerm(inventory, pattern, term).forEach((name) => selected.add(name));
  for (const term of terms.filter((t) => t.startsWith('&'))) {
    const keep = matchTerm(inventory, pattern, term.slice(1));
    for (const name of [...selected]) if (!keep.has(name)) selected.delete(name);
  }
  for (const term of terms.filter((t) => t.startsWith('!'))) matchTerm(inventory, pattern, term.slice(1)).forEach((name) => selected.delete(name));
  if (selected.size === 0) {
    throw new InventoryError(`the limit "${pattern}" selects no host (each part matches, but together they leave none); loosen it`, { file: inventory.file });
  }
  return restrict(inventory, selected);
}

function splitPattern(inventory: Inventory, pattern: string): string[] {
  const terms = pattern.split(/[,:]/).map((t) => t.trim());
  if (terms.some((t) => t === '' || t === '&' || t === '!')) {
    throw new InventoryError(
      `the limit "${pattern}" has an empty part; write names joined by "," or ":", e.g. web:&prod:!web-03`,
      { file: inventory.file },
    );
  }
  return terms;
}

/** The hosts one term names: all, a group, a host, a wildcard or ~regex over both. An unmatched term is an error. */
function matchTerm(inventory: Inventory, pattern: string, term: string): Set<string> {
  if (term === 'all' || term === '*') return new Set(inventory.hosts.map((h) => h.name));
  const test = nameTest(inventory, pattern, term);
  const names = new Set<string>();
  for (const host of inventory.hosts) {
    if (test(host.name) || host.groups.some(test)) names.add(host.name);
  }
  if (names.size === 0) {
    const groups = inventory.groups.map((g) => g.name);
    const known = groups.length ? `; its groups are ${groups.slice(0, 12).join(', ')}${groups.length > 12 ? ', …' : ''}` : '';
    throw new InventoryError(`the limit "${pattern}": "${term}" names no host or group in the inventory${known}`, { file: inventory.file });
  }
  return names;
}

function nameTest(inventory: Inventory, pattern: string, term: string): (name: string) => boolean {
  if (term.startsWith('~')) {
    let regex: RegExp;
    try {
      regex = new RegExp(term.slice(1));
    } catch (err) {
      throw new InventoryError(`the limit "${pattern}": ${term} is not a valid regular expression (${(err as Error).message})`, { file: inventory.file });
    }
    return (name) => regex.test(name);
  }
  if (/[*?]/.test(term)) {
    const glob = new RegExp(`^${term.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return (name) => glob.test(name);
  }
  return (name) => name === term;
}

/** The inventory with only the selected hosts, and only the groups that still have one. */
function restrict(inventory: Inventory, selected: Set<string>): Inventory {
  const hosts: InventoryHost[] = inventory.hosts.filter((h) => selected.has(h.name));
  const groups = inventory.groups
    .map((g) => ({ ...g, hosts: g.hosts.filter((name) => selected.has(name)) }))
    .filter((g) => g.hosts.length > 0);
  const kept = new Set(groups.map((g) => g.name));
  return { ...inventory, hosts, groups: groups.map((g) => ({ ...g, children: g.children.filter((c) => kept.has(c)) })) };
}
