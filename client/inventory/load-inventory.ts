/**
 * Reads an Ansible inventory (INI or YAML) into the hosts mobilityctl and the
 * extension talk to. With `ansible-inventory` on PATH Ansible itself reads it
 * (so group_vars/, host_vars/ and plugins count); otherwise, or with
 * useAnsible false, the built-in parsers do. Then --limit applies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsReason } from '../errors/fs-reason';
import { applyLimit } from './apply-limit';
import { findOnPath } from './find-program';
import { InventoryError } from './inventory-error';
import type { Inventory, LoadInventoryOptions } from './inventory-types';
import { parseIniInventory } from './parse-ini-inventory';
import { parseYamlInventory } from './parse-yaml-inventory';
import type { RawInventory } from './raw-inventory';
import { resolveInventory } from './resolve-inventory';
import { ANSIBLE_INVENTORY, runAnsibleInventory } from './run-ansible-inventory';

export { InventoryError } from './inventory-error';
export { applyLimit } from './apply-limit';

const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;

export async function loadInventory(file: string, options: LoadInventoryOptions = {}): Promise<Inventory> {
  const absolute = path.resolve(file);
  const text = await readInventory(absolute);
  const ansible = options.useAnsible === false ? undefined : await findOnPath(ANSIBLE_INVENTORY);
  const raw = ansible ? await runAnsibleInventory(ansible, absolute) : parseBuiltin(text, absolute);
  const inventory = resolveInventory(raw, absolute, ansible ? 'ansible-inventory' : 'builtin');
  if (inventory.hosts.length === 0) {
    throw new InventoryError('names no hosts; list at least one host (e.g. a line "web01 ansible_host=10.0.0.4")', { file: absolute });
  }
  return options.limit === undefined ? inventory : applyLimit(inventory, options.limit);
}

/** YAML by extension (.yml, .yaml, .json) or by look (a first line "---" or "name:"); INI otherwise, as Ansible tries them. */
export function parseBuiltin(text: string, file: string): RawInventory {
  return looksLikeYaml(text, file) ? parseYamlInventory(text, file) : parseIniInventory(text, file);
}

function looksLikeYaml(text: string, file: string): boolean {
  if (/\.(ya?ml|json)$/i.test(file)) return true;
  const first = text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'));
  return first !== undefined && (first === '---' || first.startsWith('{') || /^[^\s=[\]]+:\s*(#.*)?$/.test(first));
}

async function readInventory(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    throw new InventoryError(`cannot be read: ${fsReason(err)}; give the path of an INI or YAML inventory`, { file }, err);
  }
  if (!stat.isFile()) throw new InventoryError('is not a regular file; give the path of an INI or YAML inventory file', { file });
  if (stat.size > MAX_INVENTORY_BYTES) throw new InventoryError(`holds ${stat.size} bytes; is it the right file?`, { file });
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new InventoryError(`cannot be read: ${fsReason(err)}`, { file }, err);
  }
}
