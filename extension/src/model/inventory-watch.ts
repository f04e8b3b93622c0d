/**
 * What to watch for an inventory file: the file itself and the host_vars/
 * and group_vars/ folders next to it (Ansible reads variables, such as
 * mobilityd_tls_fingerprint, from them too). Editors save by replacing the
 * file, so the watch is on its folder with a pattern, never on the file's inode.
 */
import * as path from 'node:path';

export interface WatchTarget {
  /** The folder watched. */
  folder: string;
  /** A glob relative to `folder` (VS Code's RelativePattern). */
  pattern: string;
}

export function inventoryWatchTarget(file: string): WatchTarget {
  const name = path.basename(file).replace(/[{}[\]*?,]/g, (c) => `[${c}]`);
  return { folder: path.dirname(file), pattern: `{${name},host_vars/**,group_vars/**}` };
}
