/**
 * Reads an inventory with Ansible's own `ansible-inventory -i FILE --list`,
 * so that everything Ansible understands (group_vars/ and host_vars/ folders,
 * inventory plugins, vaulted files) counts. With --export its JSON keeps each
 * group's variables with the group (not merged into every host), so that the
 * precedence, and where a bad value was set, is worked out the same way as
 * for the built-in parsers (host-variables.ts).
 */
import { execFile } from 'node:child_process';
import { InventoryError } from './inventory-error';
import { addChild, addHost, ALL_GROUP, completeInventory, emptyInventory, ensureGroup, type InventoryVars, type RawInventory } from './raw-inventory';

export const ANSIBLE_INVENTORY = 'ansible-inventory';
const TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

interface ListedGroup {
  hosts?: string[];
  children?: string[];
  vars?: InventoryVars;
}

export async function runAnsibleInventory(program: string, file: string, timeoutMs = TIMEOUT_MS): Promise<RawInventory> {
  const stdout = await run(program, file, timeoutMs);
  let listed: Record<string, unknown>;
  try {
    listed = JSON.parse(stdout) as Record<string, unknown>;
  } catch (err) {
    throw new InventoryError(`${ANSIBLE_INVENTORY} --list printed something other than JSON (${(err as Error).message}); run it by hand to see why`, { file }, err);
  }
  return fromListing(listed);
}

function run(program: string, file: string, timeoutMs: number): Promise<string> {
  // Unparsable sources are errors, not warnings followed by an empty inventory.
  const env = { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' };
  return new Promise((resolve, reject) => {
    execFile(program, ['-i', file, '--list', '--export'], { env, timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const failure = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      const why = failure.killed
        ? `did not finish within ${Math.round(timeoutMs / 1000)} s`
        : typeof failure.code === 'number'
          ? `failed (exit ${failure.code})`
          : `could not be run (${failure.message})`;
      const said = briefStderr(stderr);
      const advice = `fix the inventory (\`${ANSIBLE_INVENTORY} -i ${file} --list\` shows the problem)`;
      reject(new InventoryError(`${ANSIBLE_INVENTORY} ${why}; ${advice}${said ? `. It said:\n${said}` : ''}`, { file }, err));
    });
  });
}

/** Ansible's own words, without colour codes, at most a screenful. */
function briefStderr(stderr: string): string {
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-12).map((line) => `  ${line}`).join('\n');
}

/** The JSON of `--list`: groups by name (with hosts, children, vars) and _meta.hostvars. */
function fromListing(listed: Record<string, unknown>): RawInventory {
  const inventory = emptyInventory();
  const hostVars = ((listed._meta as { hostvars?: Record<string, InventoryVars> } | undefined)?.hostvars ?? {}) as Record<string, InventoryVars>;
  const visited = new Set<string>();
  // Walk from "all" in Ansible's order so that hosts keep the inventory's order.
  const visit = (name: string): void => {
    if (visited.has(name)) return;
    visited.add(name);
    const group = (listed[name] ?? {}) as ListedGroup;
    ensureGroup(inventory, name);
    Object.assign(ensureGroup(inventory, name).vars, group.vars ?? {});
    for (const host of group.hosts ?? []) addHost(inventory, name, host, hostVars[host] ?? {});
    for (const child of group.children ?? []) {
      addChild(inventory, name, child);
      visit(child);
    }
  };
  visit(ALL_GROUP);
  for (const name of Object.keys(listed)) if (name !== '_meta') visit(name);
  for (const [host, vars] of Object.entries(hostVars)) if (!inventory.hostVars.has(host)) addHost(inventory, ALL_GROUP, host, vars);
  return completeInventory(inventory);
}
