/**
 * The `mobility.inventory` setting: the path of an Ansible inventory file
 * whose hosts the Hosts tree shows, in folders by group. `~` is the home
 * folder and `${workspaceFolder}` (or a relative path) the first workspace
 * folder, as people write paths in VS Code settings. Never throws: a value
 * that cannot be a path comes back as a problem saying how to write one.
 */
import * as path from 'node:path';

export interface InventoryPathContext {
  homeDir: string;
  /** The first workspace folder's path; undefined when no folder is open. */
  workspaceFolder?: string;
}

/** `file` undefined and no problem: no inventory is configured (the tree is as without one). */
export type InventorySetting = { file?: string; problem?: undefined } | { file?: undefined; problem: string };

const EXAMPLE = 'e.g. "~/ansible/hosts.ini" or "${workspaceFolder}/inventory.yml"';

export function resolveInventorySetting(raw: unknown, context: InventoryPathContext): InventorySetting {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'string') return { problem: `mobility.inventory must be the path of an Ansible inventory file, ${EXAMPLE}` };
  const text = raw.trim();
  if (text === '') return {};
  if (text.includes('\n')) return { problem: `mobility.inventory must be one path, not the inventory's contents; ${EXAMPLE}` };
  const usesFolder = text.includes('${workspaceFolder}');
  if (usesFolder && context.workspaceFolder === undefined) {
    return { problem: `mobility.inventory uses \${workspaceFolder} but no folder is open; open the folder, or write an absolute path (${EXAMPLE})` };
  }
  let expanded = text.split('${workspaceFolder}').join(context.workspaceFolder ?? '');
  if (expanded === '~' || expanded.startsWith('~/')) expanded = path.join(context.homeDir, expanded.slice(1));
  if (/\$\{[^}]*\}/.test(expanded)) {
    return { problem: `mobility.inventory "${text}" uses a variable other than \${workspaceFolder}; write the path itself (${EXAMPLE})` };
  }
  if (!path.isAbsolute(expanded)) {
    if (context.workspaceFolder === undefined) {
      return { problem: `mobility.inventory "${text}" is a relative path and no folder is open; write an absolute path or ~/… (${EXAMPLE})` };
    }
    expanded = path.join(context.workspaceFolder, expanded);
  }
  return { file: path.normalize(expanded) };
}
