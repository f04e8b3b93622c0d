/**
 * The hosts of an --inventory run: the inventory read (and --limit applied),
 * each host with its own address and its own security. A host's security
 * files (CA file, token file) are read here, before any host is touched, so
 * that a missing file stops the run with a message naming the host and the
 * variable; a token's content never appears in one.
 */
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { loadConnectionSecurity, SecurityOptionError, type SecurityFiles } from '../../client/connection/security-files';
import { connectionSecurityProblem } from '../../client/connection/security-problem';
import { InventoryError, loadInventory } from '../../client/inventory/load-inventory';
import { INVENTORY_VARIABLES, type InventoryHost } from '../../client/inventory/inventory-types';
import { UsageError } from '../errors/cli-error';
import type { GlobalOptions } from '../global-options';
import { securityFor } from '../security-options';
import type { InventoryChoice } from './fleet-options';

/** One host of a fleet run: the name its row shows, where it is, and how to reach it. */
export interface FleetTarget {
  name: string;
  address: string;
  security: ConnectionSecurity;
}

const VARIABLE_OF: Partial<Record<keyof SecurityFiles, string>> = {
  tlsCaFile: INVENTORY_VARIABLES.tlsCa,
  tlsFingerprint: INVENTORY_VARIABLES.tlsFingerprint,
  tokenFile: INVENTORY_VARIABLES.tokenFile,
};

export async function inventoryTargets(choice: InventoryChoice, global: GlobalOptions): Promise<FleetTarget[]> {
  let hosts: InventoryHost[];
  try {
    hosts = (await loadInventory(choice.file, { limit: choice.limit })).hosts;
  } catch (err) {
    if (!(err instanceof InventoryError)) throw err;
    throw new UsageError(`${choice.source}: ${err.rawMessage}`);
  }
  const targets: FleetTarget[] = [];
  for (const host of hosts) targets.push(await inventoryTarget(choice, host, global));
  return targets;
}

async function inventoryTarget(choice: InventoryChoice, host: InventoryHost, global: GlobalOptions): Promise<FleetTarget> {
  const base = securityFor(host.address, global.security);
  let own: ConnectionSecurity;
  try {
    own = await loadConnectionSecurity({ ...host.security });
  } catch (err) {
    if (!(err instanceof SecurityOptionError)) throw err;
    const variable = VARIABLE_OF[err.option] ?? 'its security variables';
    throw new UsageError(`${choice.source}: host ${host.name}: ${variable}: ${err.message}`);
  }
  const security = mergeSecurity(base, own);
  const problem = connectionSecurityProblem(host.address, security);
  if (problem) throw new UsageError(`${choice.source}: host ${host.name}: ${problem}`);
  return { name: host.name, address: host.address, security };
}

/**
 * The inventory's settings for a host beat the command line's: its own trust
 * (TLS, CA or pin) replaces the flags' trust, its own token file replaces the
 * flags' token; the client certificate (no inventory variable) comes from the flags.
 */
function mergeSecurity(base: ConnectionSecurity, own: ConnectionSecurity): ConnectionSecurity {
  const ownTrust = own.tls === true || own.tlsCa !== undefined || own.tlsFingerprint !== undefined;
  const trust = ownTrust ? { tls: own.tls, tlsCa: own.tlsCa, tlsFingerprint: own.tlsFingerprint } : { tls: base.tls, tlsCa: base.tlsCa, tlsFingerprint: base.tlsFingerprint };
  const merged: ConnectionSecurity = { ...base, ...trust, token: own.token ?? base.token };
  for (const key of Object.keys(merged) as (keyof ConnectionSecurity)[]) if (merged[key] === undefined) delete merged[key];
  return merged;
}
