/** --hosts, --inventory, --limit and --parallel: the flags that run a command on many hosts at once. */
import { AddressError, parseHostAddress } from '../../client/connection/host-address';
import type { OptionSpec, ParsedArgs } from '../command-line';
import { UsageError } from '../errors/cli-error';
import { parseWholeNumber } from '../whole-number';

export const DEFAULT_PARALLEL = 8;
export const INVENTORY_ENV = 'MOBILITY_INVENTORY';
const MAX_PARALLEL = 256;

export const FLEET_OPTIONS = {
  hosts: { type: 'string' },
  inventory: { type: 'string' },
  limit: { type: 'string' },
  parallel: { type: 'string' },
} satisfies OptionSpec;

/** The "Many hosts" help section; `note` adds what the command does differently on many hosts. */
export function fleetOptionsHelp(note?: string, flags: FleetFlagNames = { limit: 'limit' }): string {
  const help = flags.limit === 'limit' ? FLEET_OPTIONS_HELP : FLEET_OPTIONS_HELP.replace('  --limit PATTERN  with', `  --${flags.limit} PATTERN\n                   with`);
  return note ? `${help}${note.replace(/^/gm, '  ')}\n` : help;
}

const FLEET_OPTIONS_HELP = `Many hosts:
  --hosts A,B,...  run on every listed host (host or host:port) concurrently,
                   then print one summary row per host: HOST, RESULT (ok, failed
                   or unreachable), DETAIL; each host has its own --timeout;
                   excludes --host. With --json: an array of
                   {"host", "ok", "result"} or {"host", "ok", "error", ...}.
                   Exit 0 only when every host succeeded; 3 when none could be
                   reached; otherwise 1
  --inventory FILE run on the hosts of an Ansible inventory (INI or YAML; read
                   by ansible-inventory when it is on PATH), each with its own
                   address and security from its variables (docs/inventory.md);
                   rows are labelled with the inventory's host names; excludes
                   --host and --hosts (default $${INVENTORY_ENV} when neither
                   is given)
  --limit PATTERN  with --inventory: only these hosts, as Ansible's --limit:
                   names, groups, * wildcards, a:b (or a,b), a:&b, a:!b
  --parallel N     at most N hosts at a time (default ${DEFAULT_PARALLEL})
`;

export interface FleetOptions {
  /** --hosts: normalised host:port addresses, in the order given, each once (empty for an inventory run). */
  hosts: string[];
  /** --inventory (or $MOBILITY_INVENTORY) and --limit: read when the run starts (fleet/inventory-targets.ts). */
  inventory?: InventoryChoice;
  parallel: number;
}

export interface InventoryChoice {
  file: string;
  limit?: string;
  /** The flag or variable that named the file, for messages. */
  source: string;
}

/** Where a command's --limit-style flag for inventory patterns is (jobs keeps --limit for its page size). */
export interface FleetFlagNames {
  limit: string;
}

/** The --hosts run asked for, or undefined for a one-host run. */
export function parseFleetOptions(
  args: ParsedArgs,
  command: string,
  flags: FleetFlagNames = { limit: 'limit' },
  env: NodeJS.ProcessEnv = process.env,
): FleetOptions | undefined {
  const list = args.values.hosts as string | undefined;
  const parallel = args.values.parallel as string | undefined;
  const inventory = inventoryChoice(args, command, flags, env);
  if (list === undefined && inventory === undefined) {
    if (parallel !== undefined) throw new UsageError('--parallel applies to --hosts and --inventory runs: pass --hosts A,B,... or --inventory FILE', command);
    return undefined;
  }
  if (args.values.host !== undefined) {
    const other = list !== undefined ? '--hosts' : '--inventory';
    throw new UsageError(`--host and ${other} exclude each other: name one host with --host, or many with ${other}`, command);
  }
  return {
    hosts: list === undefined ? [] : parseHostList(list, command),
    inventory,
    parallel:
      parallel === undefined
        ? DEFAULT_PARALLEL
        : parseWholeNumber(parallel, { flag: '--parallel', meaning: 'a number of hosts', min: 1, max: MAX_PARALLEL, command }),
  };
}

/** --inventory FILE [--limit PATTERN], else $MOBILITY_INVENTORY when no host flag is given. */
function inventoryChoice(args: ParsedArgs, command: string, flags: FleetFlagNames, env: NodeJS.ProcessEnv): InventoryChoice | undefined {
  const flag = args.values.inventory as string | undefined;
  const limit = args.values[flags.limit] as string | undefined;
  if (flag !== undefined && args.values.hosts !== undefined) {
    throw new UsageError('--hosts and --inventory exclude each other: list hosts with --hosts, or name an inventory with --inventory', command);
  }
  if (flag === '') throw new UsageError('--inventory needs a file: an Ansible inventory in INI or YAML', command);
  const fromEnv = args.values.hosts === undefined && args.values.host === undefined && env[INVENTORY_ENV] ? env[INVENTORY_ENV] : undefined;
  const file = flag ?? fromEnv;
  if (file === undefined) {
    if (limit !== undefined) throw new UsageError(`--${flags.limit} selects hosts of an inventory: pass --inventory FILE too`, command);
    return undefined;
  }
  if (limit !== undefined && limit.trim() === '') throw new UsageError(`--${flags.limit} needs a pattern, e.g. --${flags.limit} web:&prod`, command);
  return { file, limit, source: flag !== undefined ? '--inventory' : `$${INVENTORY_ENV}` };
}

function parseHostList(list: string, command: string): string[] {
  const entries = list.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) throw new UsageError('--hosts needs at least one host, e.g. --hosts 10.0.0.4,10.0.0.5', command);
  const hosts: string[] = [];
  for (const entry of entries) {
    if (entry === '') throw new UsageError(`--hosts "${list}" has an empty entry; separate hosts with single commas`, command);
    let host: string;
    try {
      host = parseHostAddress(entry);
    } catch (err) {
      if (!(err instanceof AddressError)) throw err;
      throw new UsageError(`--hosts: ${err.rawMessage}`, command);
    }
    if (hosts.includes(host)) throw new UsageError(`--hosts names ${host} twice; name each host once`, command);
    hosts.push(host);
  }
  return hosts;
}
