/** Flags every command accepts, and where their defaults come from. */
import { AddressError, DEFAULT_DAEMON_PORT, parseHostAddress } from '../client/connection/host-address';
import type { OptionSpec, ParsedArgs } from './command-line';
import { UsageError } from './errors/cli-error';
import { checkSecurityFor, resolveSecurity, SECURITY_OPTIONS, SECURITY_OPTIONS_HELP, type ResolvedSecurity } from './security-options';
import { parseWholeNumber } from './whole-number';

export const DEFAULT_HOST = `127.0.0.1:${DEFAULT_DAEMON_PORT}`;
export const HOST_ENV = 'MOBILITY_HOST';
export const DEFAULT_TIMEOUT_MS = 5000;

export const GLOBAL_OPTIONS = {
  host: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  ...SECURITY_OPTIONS,
} satisfies OptionSpec;

export const GLOBAL_OPTIONS_HELP = `Global options:
  --host ADDR    mobilityd to talk to, host or host:port (default $${HOST_ENV}, else ${DEFAULT_HOST}),
                 unix:///PATH, or ssh://[user@]host[:port][/PATH] over SSH (docs/ssh.md)
  --timeout MS   how long to wait for mobilityd to connect and answer (default ${DEFAULT_TIMEOUT_MS})
  --json         machine-readable output for scripts
  -h, --help     help for mobilityctl or for one command
  --version      print mobilityctl's version

${SECURITY_OPTIONS_HELP}`;

export interface GlobalOptions {
  /** Normalised host:port. */
  host: string;
  timeoutMs: number;
  json: boolean;
  /** TLS, client certificate and token, for --host and every host of --hosts (files already read): see securityFor. */
  security: ResolvedSecurity;
}

export async function resolveGlobalOptions(args: ParsedArgs, env: NodeJS.ProcessEnv, command?: string): Promise<GlobalOptions> {
  const { values } = args;
  const timeout = values.timeout as string | undefined;
  const host = resolveHost(values.host as string | undefined, env, command);
  const timeoutMs =
    timeout === undefined ? DEFAULT_TIMEOUT_MS : parseWholeNumber(timeout, { flag: '--timeout', meaning: 'a time in milliseconds', min: 1, command });
  const security = await resolveSecurity(args, env, command);
  // --hosts and --inventory check each of their hosts (fleet/run-on-hosts.ts).
  if (values.hosts === undefined && values.inventory === undefined) checkSecurityFor(host, security, { command });
  return { host, timeoutMs, json: values.json === true, security };
}

/** --host beats $MOBILITY_HOST beats the default; a bad value says where it came from. */
function resolveHost(flag: string | undefined, env: NodeJS.ProcessEnv, command?: string): string {
  const fromEnv = env[HOST_ENV] ? env[HOST_ENV] : undefined;
  const text = flag ?? fromEnv ?? DEFAULT_HOST;
  try {
    return parseHostAddress(text);
  } catch (err) {
    if (!(err instanceof AddressError)) throw err;
    const source = flag !== undefined ? '--host' : `$${HOST_ENV}`;
    throw new UsageError(`${source}: ${err.rawMessage}`, command);
  }
}

/** " --host ADDR" for hints that name a follow-up command, or "" when ADDR is the default. */
export function hostFlag(host: string): string {
  return host === DEFAULT_HOST ? '' : ` --host ${host}`;
}
