/**
 * Ansible's INI inventory format, read without Ansible: host lines
 * ("web01 ansible_host=10.0.0.4 mobilityd_port=50051", ranges like
 * web[01:03]), [group], [group:vars] and [group:children] sections, and
 * comments (# or ;). Hand-written because it is Ansible's own format, not INI.
 */
import { InventoryError } from './inventory-error';
import { expandHostRange } from './host-ranges';
import { splitIniLine, TokenError } from './ini-tokens';
import { addChild, addHost, completeInventory, emptyInventory, ensureGroup, UNGROUPED, type InventoryVars, type RawInventory } from './raw-inventory';

type SectionKind = 'hosts' | 'vars' | 'children';

interface Section {
  group: string;
  kind: SectionKind;
}

const HEADER = /^\[([^\]\s:]+)(?::([^\]\s]*))?\]$/;
const NAME = /^[^\s=\[\]:,]+$/;

export function parseIniInventory(text: string, file: string): RawInventory {
  const inventory = emptyInventory();
  let section: Section = { group: UNGROUPED, kind: 'hosts' };
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    try {
      if (trimmed.startsWith('[')) section = parseHeader(inventory, trimmed, line);
      else if (section.kind === 'hosts') parseHostLine(inventory, section.group, trimmed, line);
      else if (section.kind === 'vars') parseVarsLine(inventory, section.group, trimmed, line);
      else parseChildLine(inventory, section.group, trimmed, line);
    } catch (err) {
      if (err instanceof InventoryError) throw err;
      throw new InventoryError((err as Error).message, { file, line }, err);
    }
  });
  return completeInventory(inventory);
}

function parseHeader(inventory: RawInventory, text: string, line: number): Section {
  const withoutComment = text.replace(/\]\s*[#;].*$/, ']');
  const match = HEADER.exec(withoutComment);
  if (!match) throw new Error(`"${text}" is not a section header; write [GROUP], [GROUP:vars] or [GROUP:children]`);
  const [, group, kind = 'hosts'] = match;
  if (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') {
    throw new Error(`[${group}:${kind}] is an unknown kind of section; write [${group}], [${group}:vars] or [${group}:children]`);
  }
  ensureGroup(inventory, group, line);
  return { group, kind };
}

/** "NAME[:SSH_PORT] key=value ...": the host (or a range of them) and its own variables. */
function parseHostLine(inventory: RawInventory, group: string, text: string, line: number): void {
  const [pattern, ...assignments] = splitLine(text);
  if (pattern === undefined) return; // only a comment
  const vars: InventoryVars = {};
  const { name, sshPort } = splitSshPort(pattern);
  if (sshPort !== undefined) vars.ansible_port = sshPort;
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`"${assignment}" after host ${name} is not a variable; write variables as key=value (quote values with spaces: key="a b")`);
    vars[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  for (const host of expandHostRange(name)) {
    if (!NAME.test(host)) throw new Error(`"${host}" is not a host name (no spaces, "=", "[", "]" or ",")`);
    addHost(inventory, group, host, vars, line);
  }
}

/** A host written host:port gives Ansible's SSH port (not mobilityd's, which is mobilityd_port). */
function splitSshPort(pattern: string): { name: string; sshPort?: string } {
  const match = /^([^:]+):(\d+)$/.exec(pattern);
  return match ? { name: match[1], sshPort: match[2] } : { name: pattern };
}

/** "key=value" (blanks around "=" allowed; the value may be quoted). */
function parseVarsLine(inventory: RawInventory, group: string, text: string, line: number): void {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  if (!NAME.test(key)) throw new Error(`"${text}" in [${group}:vars] is not a variable; write one key=value per line`);
  const target = ensureGroup(inventory, group, line);
  target.vars[key] = splitLine(text.slice(eq + 1)).join(' ');
  target.varsLine ??= line;
}

function parseChildLine(inventory: RawInventory, group: string, text: string, line: number): void {
  const words = splitLine(text);
  if (words.length === 0) return;
  const [child] = words;
  if (words.length > 1 || !NAME.test(child)) throw new Error(`"${text}" in [${group}:children] is not a group name; list one child group per line`);
  if (child === group) throw new Error(`group ${group} is listed as its own child; remove it from [${group}:children]`);
  addChild(inventory, group, child, line);
}

function splitLine(text: string): string[] {
  try {
    return splitIniLine(text);
  } catch (err) {
    if (err instanceof TokenError) throw new Error(err.message);
    throw err;
  }
}
