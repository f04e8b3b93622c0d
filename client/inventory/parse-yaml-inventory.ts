/**
 * Ansible's YAML inventory format, read without Ansible:
 *
 *   all:
 *     vars: { mobilityd_port: 50051 }
 *     children:
 *       web:
 *         hosts:
 *           web[01:03]:
 *           web-04: { ansible_host: 10.0.0.4 }
 *
 * Each group has only hosts, vars and children; each host maps to its vars.
 * The YAML nodes are walked (not converted first) so that errors carry lines.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { InventoryError } from './inventory-error';
import { expandHostRange } from './host-ranges';
import { addChild, addHost, completeInventory, emptyInventory, ensureGroup, type InventoryVars, type RawInventory } from './raw-inventory';

const GROUP_KEYS = ['hosts', 'vars', 'children'];

interface Walk {
  inventory: RawInventory;
  file: string;
  lines: LineCounter;
}

export function parseYamlInventory(text: string, file: string): RawInventory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const line = first.linePos?.[0].line;
    throw new InventoryError(`not valid YAML: ${first.message.split('\n')[0]}`, { file, line });
  }
  const walk: Walk = { inventory: emptyInventory(), file, lines };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return completeInventory(walk.inventory);
  if (!isMap(root)) fail(walk, root, 'the top level must map group names to groups, e.g. "all:" with hosts, vars and children under it');
  for (const pair of root.items) readGroup(walk, keyName(walk, pair, 'group'), pair.value as Node | null, pair);
  return completeInventory(walk.inventory);
}

function readGroup(walk: Walk, name: string, node: Node | null, at: Pair): void {
  ensureGroup(walk.inventory, name, lineOf(walk, at.key as Node));
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) fail(walk, node, `group ${name} must be a mapping with hosts, vars or children`);
  for (const pair of node.items) {
    const key = keyName(walk, pair, 'key');
    const value = pair.value as Node | null;
    if (!GROUP_KEYS.includes(key)) fail(walk, pair.key as Node, `group ${name} has "${key}"; a group takes only hosts, vars and children (is the indentation right?)`);
    if (value === null || (isScalar(value) && value.value === null)) continue;
    if (!isMap(value)) fail(walk, value, `${key} of group ${name} must be a mapping (name: value per line)`);
    if (key === 'hosts') readHosts(walk, name, value.items as Pair[]);
    else if (key === 'vars') readGroupVars(walk, name, value);
    else readChildren(walk, name, value.items as Pair[]);
  }
}

function readHosts(walk: Walk, group: string, pairs: Pair[]): void {
  for (const pair of pairs) {
    const pattern = keyName(walk, pair, 'host');
    const value = pair.value as Node | null;
    const line = lineOf(walk, pair.key as Node);
    let vars: InventoryVars = {};
    if (value !== null && !(isScalar(value) && value.value === null)) {
      if (!isMap(value)) fail(walk, value, `host ${pattern} must map to its variables (name: value), or to nothing`);
      vars = value.toJSON() as InventoryVars;
    }
    let names: string[];
    try {
      names = expandHostRange(pattern);
    } catch (err) {
      throw new InventoryError((err as Error).message, { file: walk.file, line });
    }
    for (const host of names) addHost(walk.inventory, group, host, vars, line);
  }
}

function readGroupVars(walk: Walk, group: string, node: Node): void {
  const target = ensureGroup(walk.inventory, group);
  Object.assign(target.vars, node.toJSON() as InventoryVars);
  target.varsLine ??= lineOf(walk, node);
}

function readChildren(walk: Walk, parent: string, pairs: Pair[]): void {
  for (const pair of pairs) {
    const child = keyName(walk, pair, 'group');
    if (child === parent) fail(walk, pair.key as Node, `group ${parent} is listed as its own child; remove it from its children`);
    addChild(walk.inventory, parent, child, lineOf(walk, pair.key as Node));
    readGroup(walk, child, pair.value as Node | null, pair);
  }
}

function keyName(walk: Walk, pair: Pair, what: string): string {
  const key = pair.key as Node | null;
  if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number') || String(key.value).trim() === '') {
    fail(walk, key, `a ${what} name must be a plain text key`);
  }
  return String(key.value);
}

function lineOf(walk: Walk, node: Node | null): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : walk.lines.linePos(offset).line;
}

function fail(walk: Walk, node: Node | null, problem: string): never {
  throw new InventoryError(problem, { file: walk.file, line: lineOf(walk, node) });
}
