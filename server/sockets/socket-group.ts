/**
 * The group named by --socket-group, as a gid. getent asks the system's name
 * service (NSS), so groups from LDAP or sssd resolve as `ls -l` shows them;
 * where getent is not installed, /etc/group is read directly.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export function resolveGroup(name: string, groupFile = '/etc/group'): number {
  if (/^\d+$/.test(name)) return Number(name); // a gid, as chgrp takes one
  const line = getentGroup(name) ?? groupFileLine(name, groupFile);
  const gid = line === undefined ? NaN : Number(line.split(':')[2]);
  if (!Number.isSafeInteger(gid)) {
    throw new Error(
      `socket group "${name}" is not a group of this machine (getent group ${name} finds nothing); ` +
        'create it (groupadd NAME) or name an existing group with --socket-group (config key socketGroup)',
    );
  }
  return gid;
}

/** The group's line from getent, undefined when it does not know the group or getent is missing. */
function getentGroup(name: string): string | undefined {
  try {
    return execFileSync('getent', ['group', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return undefined; // exit 2: no such group; ENOENT: no getent (the file below decides)
  }
}

function groupFileLine(name: string, groupFile: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(groupFile, 'utf8');
  } catch {
    return undefined;
  }
  return text.split('\n').find((line) => line.split(':')[0] === name);
}
