/** --hosts and --parallel: the flags that run a command on many hosts at once. */
import { AddressError, parseHostAddress } from '../../client/connection/host-address';
import type { OptionSpec, ParsedArgs } from '../command-line';
import { UsageError } from '../errors/cli-error';
import { parseWholeNumber } from '../whole-number';

export const DEFAULT_PARALLEL = 8;
const MAX_PARALLEL = 256;

export const FLEET_OPTIONS = {
  hosts: { type: 'string' },
  parallel: { type: 'string' },
} satisfies OptionSpec;

/** The "Many hosts" help section; `note` adds what the command does differently on many hosts. */
export function fleetOptionsHelp(note?: string): string {
  return note ? `${FLEET_OPTIONS_HELP}${note.replace(/^/gm, '  ')}\n` : FLEET_OPTIONS_HELP;
}

const FLEET_OPTIONS_HELP = `Many hosts:
  --hosts A,B,...  run on every listed host (host or host:port) concurrently,
                   then print one summary row per host: HOST, RESULT (ok, failed
                   or unreachable), DETAIL; each host has its own --timeout;
                   excludes --host. With --json: an array of
                   {"host", "ok", "result"} or {"host", "ok", "error", ...}.
                   Exit 0 only when every host succeeded; 3 when none could be
                   reached; otherwise 1
  --parallel N     at most N hosts at a time (default ${DEFAULT_PARALLEL})
`;

export interface FleetOptions {
  /** Normalised host:port addresses, in the order given, each once. */
  hosts: string[];
  parallel: number;
}

/** The --hosts run asked for, or undefined for a one-host run. */
export function parseFleetOptions(args: ParsedArgs, command: string): FleetOptions | undefined {
  const list = args.values.hosts as string | undefined;
  const parallel = args.values.parallel as string | undefined;
  if (list === undefined) {
    if (parallel !== undefined) throw new UsageError('--parallel applies to --hosts runs: pass --hosts A,B,...', command);
    return undefined;
  }
  if (args.values.host !== undefined) {
    throw new UsageError('--host and --hosts exclude each other: name one host with --host, or many with --hosts', command);
  }
  return {
    hosts: parseHostList(list, command),
    parallel:
      parallel === undefined
        ? DEFAULT_PARALLEL
        : parseWholeNumber(parallel, { flag: '--parallel', meaning: 'a number of hosts', min: 1, max: MAX_PARALLEL, command }),
  };
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
