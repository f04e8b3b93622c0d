/**
 * The `mobility.hosts` setting: an array of { name, address, tls? } (other
 * keys, from later versions, are kept as they are). Parsing never throws:
 * a bad entry is skipped and reported, so one typo never hides the other hosts.
 * Secrets never live in settings: an entry that carries one is reported and
 * the value is ignored (the extension keeps secrets in SecretStorage).
 */
import { parseTlsSetting, type HostTls } from './host-tls';
import { addressProblem, hostNameProblem, normaliseAddress } from './validators';

export interface HostEntry {
  /** The name shown in the tree; unique (case-insensitively). */
  name: string;
  /** host:port as dialled, normalised (default port added), unix:///path as given, or ssh://[user@]host[:port][/socket] normalised. */
  address: string;
  /** TLS settings; undefined: plain gRPC. */
  tls?: HostTls;
  /** Other keys of the entry (connection options of later versions), kept untouched. */
  extra?: Record<string, unknown>;
  /** Set for a host read from the Ansible inventory (mobility.inventory), not from mobility.hosts. */
  inventory?: InventoryOrigin;
}

/** Where an inventory host came from, and what the inventory says beyond its address and TLS. */
export interface InventoryOrigin {
  /** The inventory file, absolute. */
  file: string;
  /** Its groups ("all" and "ungrouped" left out), sorted: the tree's folders. */
  groups: string[];
  /** The file holding its bearer token (the file name only; read when the host is dialled). */
  tokenFile?: string;
}

/** Keys that would hold a secret; settings files are plain text and often synced or committed. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|private.?key|credential/i;

export interface ParsedHosts {
  hosts: HostEntry[];
  /** One sentence per skipped or corrected entry, e.g. 'mobility.hosts[2]: ...'. */
  problems: string[];
}

export function parseHostsSetting(raw: unknown): ParsedHosts {
  const hosts: HostEntry[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { hosts, problems };
  if (!Array.isArray(raw)) {
    return { hosts, problems: ['mobility.hosts must be an array of { "name": ..., "address": "host:port" } objects'] };
  }
  raw.forEach((item, index) => {
    const where = `mobility.hosts[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${where} is not an object like { "name": "web-01", "address": "10.0.0.4:50051" }; skipped`);
      return;
    }
    const { name, address, tls: rawTls, ...rest } = item as Record<string, unknown>;
    if (typeof name !== 'string' || typeof address !== 'string') {
      problems.push(`${where} needs a "name" and an "address", both strings; skipped`);
      return;
    }
    const nameProblem = hostNameProblem(name, hosts.map((h) => h.name));
    if (nameProblem) {
      problems.push(`${where} (${JSON.stringify(name)}): ${nameProblem} Skipped.`);
      return;
    }
    const badAddress = addressProblem(address);
    if (badAddress) {
      problems.push(`${where} (${name}): ${badAddress} Skipped.`);
      return;
    }
    const normalised = normaliseAddress(address);
    const { tls, problem: tlsProblem } = parseTlsSetting(rawTls, normalised);
    if (tlsProblem) {
      problems.push(`${where} (${name}): ${tlsProblem}. Skipped.`);
      return;
    }
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (SECRET_KEY.test(key)) {
        problems.push(`${where} (${name}): "${key}" looks like a secret; secrets are never read from settings, so it is ignored — remove it`);
        continue;
      }
      extra[key] = value;
    }
    hosts.push({ name, address: normalised, ...(tls ? { tls } : {}), ...(Object.keys(extra).length ? { extra } : {}) });
  });
  return { hosts, problems };
}

export function findHost(hosts: readonly HostEntry[], name: string): HostEntry | undefined {
  return hosts.find((h) => h.name === name);
}

/*
 * Add, Edit and Remove change the setting's raw array, entry by entry, so that
 * whatever else it holds (entries this version skips, options of later
 * versions, the user's own spelling of other addresses) is written back as it was.
 */

type RawEntry = unknown;

function rawName(entry: RawEntry): string | undefined {
  return typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string'
    ? (entry as { name: string }).name
    : undefined;
}

function rawArray(raw: unknown): RawEntry[] {
  return Array.isArray(raw) ? [...raw] : [];
}

/**
 * The setting with a host appended (with `"tls": true` when asked); throws
 * with the validator's sentence when the name or address is not acceptable.
 */
export function withHostAdded(raw: unknown, name: string, address: string, tls = false): RawEntry[] {
  const entries = rawArray(raw);
  const names = entries.map(rawName).filter((n): n is string => n !== undefined);
  const problem = hostNameProblem(name, names) ?? addressProblem(address);
  if (problem) throw new Error(problem);
  return [...entries, { name, address: normaliseAddress(address), ...(tls ? { tls: true } : {}) }];
}

/** The setting with the host named `oldName` renamed and/or re-addressed, in its place, its other keys kept. */
export function withHostEdited(raw: unknown, oldName: string, name: string, address: string): RawEntry[] {
  const entries = rawArray(raw);
  const index = entries.findIndex((e) => rawName(e) === oldName);
  if (index < 0) throw new Error(`There is no host named "${oldName}" in mobility.hosts any more.`);
  const others = entries.filter((_, i) => i !== index).map(rawName).filter((n): n is string => n !== undefined);
  const problem = hostNameProblem(name, others) ?? addressProblem(address);
  if (problem) throw new Error(problem);
  entries[index] = { ...(entries[index] as object), name, address: normaliseAddress(address) };
  return entries;
}

/** The setting without the host named `name`. */
export function withHostRemoved(raw: unknown, name: string): RawEntry[] {
  return rawArray(raw).filter((e) => rawName(e) !== name);
}

/** Whether two entries dial the same way (address and TLS settings): what is known about one holds for the other. */
export function sameConnection(a: HostEntry, b: HostEntry): boolean {
  return (
    a.address === b.address &&
    JSON.stringify(a.tls ?? null) === JSON.stringify(b.tls ?? null) &&
    a.inventory?.tokenFile === b.inventory?.tokenFile
  );
}

/** The SecretStorage key of one secret of one host (Remove and rename keep them tidy). */
export function hostSecretKey(hostName: string, secret: string): string {
  return `mobility.host/${encodeURIComponent(hostName)}/${secret}`;
}
