/**
 * The hosts of an Ansible inventory as the extension's HostEntry list, merged
 * with the hosts added by hand (mobility.hosts). Each inventory host keeps its
 * own address and security: its pinned fingerprint or CA file become its
 * `tls`, its token file is read when it is dialled (host-connection.ts).
 * Never throws: a host that cannot be shown is left out with a reason.
 */
import type { Inventory, InventoryHost } from '../../../client/inventory/inventory-types';
import { normaliseFingerprint } from '../../../client/connection/fingerprint';
import type { HostEntry } from './host-settings';
import type { HostTls } from './host-tls';
import { addressProblem, hostNameProblem, normaliseAddress } from './validators';

export interface MergedHosts {
  hosts: HostEntry[];
  /** One sentence per host left out, naming where it came from. */
  problems: string[];
}

/** The inventory's hosts, in its order, then the hand-added hosts whose names the inventory does not use. */
export function mergeInventoryHosts(inventory: Inventory, byHand: readonly HostEntry[]): MergedHosts {
  const hosts: HostEntry[] = [];
  const problems: string[] = [];
  for (const host of inventory.hosts) {
    const entry = inventoryHostEntry(host, inventory.file, hosts);
    if (typeof entry === 'string') problems.push(`${inventory.file}: host ${JSON.stringify(host.name)}: ${entry} Left out.`);
    else hosts.push(entry);
  }
  const taken = new Set(hosts.map((h) => h.name.toLowerCase()));
  for (const host of byHand) {
    if (taken.has(host.name.toLowerCase())) {
      problems.push(`mobility.hosts: "${host.name}" is also a host of the inventory ${inventory.file}; the inventory's is shown. Rename or remove the one in mobility.hosts.`);
    } else hosts.push(host);
  }
  return { hosts, problems };
}

/** The entry, or why the host cannot be shown. */
function inventoryHostEntry(host: InventoryHost, file: string, before: readonly HostEntry[]): HostEntry | string {
  const nameProblem = hostNameProblem(host.name, before.map((h) => h.name));
  if (nameProblem) return nameProblem;
  let address = host.address;
  // ssh:// addresses are the client's to parse (a tunnel to the host's socket); the others are host:port.
  if (!/^ssh:\/\//i.test(address)) {
    const problem = addressProblem(address);
    if (problem) return `${problem} Fix its ansible_host or mobilityd_port.`;
    address = normaliseAddress(address);
  }
  const { tokenFile } = host.security;
  return {
    name: host.name,
    address,
    ...(inventoryTls(host) && { tls: inventoryTls(host) }),
    inventory: { file, groups: [...host.groups], ...(tokenFile !== undefined && { tokenFile }) },
  };
}

/**
 * TLS as the inventory asks for it. A fingerprint that is not one is kept as
 * written: dialling then fails with a sentence naming the variable, and the
 * host shows "connection settings problem" rather than falling back to plain.
 */
function inventoryTls(host: InventoryHost): HostTls | undefined {
  const { tls, tlsFingerprint, tlsCaFile } = host.security;
  if (tlsFingerprint !== undefined) return { fingerprint: normaliseFingerprint(tlsFingerprint) ?? tlsFingerprint, ...(tlsCaFile !== undefined && { ca: tlsCaFile }) };
  if (tlsCaFile !== undefined) return { ca: tlsCaFile };
  return tls ? {} : undefined;
}
