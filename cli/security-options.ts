/**
 * The connection-security flags every command takes (TLS, pinning, mTLS, the
 * bearer token), read into one ConnectionSecurity that applies to --host and
 * to every host of --hosts. The token is only ever read from a file or the
 * environment: a command-line value would show in the process list.
 */
import type { ConnectionSecurity } from '../client/connection/connection-security';
import { loadConnectionSecurity, SecurityOptionError, type SecurityFiles } from '../client/connection/security-files';
import { UNIX_SCHEME } from '../client/connection/host-address';
import { isSshAddress } from '../client/connection/ssh-address';
import { connectionSecurityProblem } from '../client/connection/security-problem';
import type { OptionSpec, ParsedArgs } from './command-line';
import { UsageError } from './errors/cli-error';

export const TOKEN_ENV = 'MOBILITY_TOKEN';
export const TLS_CA_ENV = 'MOBILITY_TLS_CA';

export const SECURITY_OPTIONS = {
  tls: { type: 'boolean' },
  'tls-ca': { type: 'string' },
  'tls-fingerprint': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'token-file': { type: 'string' },
} satisfies OptionSpec;

export const SECURITY_OPTIONS_HELP = `Connection security (for --host and every host of --hosts):
  --tls          speak TLS, trusting the system's CAs (the options below imply TLS)
  --tls-ca FILE  PEM CA certificate(s) that signed the daemon's certificate
                 (default $${TLS_CA_ENV})
  --tls-fingerprint sha256:HEX
                 trust the daemon's certificate by its fingerprint, as
                 \`mobilityd tls init\` printed it (pinning a self-signed
                 certificate; the host name is then not checked)
  --tls-cert FILE, --tls-key FILE
                 PEM client certificate and its key, for a daemon that asks for
                 one (mTLS)
  --token-file FILE
                 bearer token: the file's first line (default $${TOKEN_ENV}; the
                 flag wins). There is no --token flag: a token on the command
                 line would show in the process list
  unix:///PATH addresses take no TLS (the socket file's permissions guard
  them); a token is sent in clear text only over them and loopback
`;

const FLAG_OF: Record<keyof SecurityFiles, string> = {
  tls: '--tls',
  tlsCaFile: '--tls-ca',
  tlsFingerprint: '--tls-fingerprint',
  tlsCertFile: '--tls-cert',
  tlsKeyFile: '--tls-key',
  tokenFile: '--token-file',
  token: `$${TOKEN_ENV}`,
};

/** The security flags read, and which parts came from the environment rather than the command line. */
export interface ResolvedSecurity {
  security: ConnectionSecurity;
  fromEnvironment: { tlsCa: boolean; token: boolean };
}

/** Reads the files the flags (or the environment) name; a problem is a usage error naming the flag or variable. */
export async function resolveSecurity(args: ParsedArgs, env: NodeJS.ProcessEnv, command?: string): Promise<ResolvedSecurity> {
  const files = securityFiles(args, env);
  const fromEnvironment = { tlsCa: files.tlsCaFile !== undefined && args.values['tls-ca'] === undefined, token: files.token !== undefined };
  try {
    return { security: await loadConnectionSecurity(files), fromEnvironment };
  } catch (err) {
    if (!(err instanceof SecurityOptionError)) throw err;
    const source = err.option === 'tlsCaFile' && args.values['tls-ca'] === undefined ? `$${TLS_CA_ENV}` : FLAG_OF[err.option];
    throw new UsageError(`${source}: ${err.message}`, command);
  }
}

/** Flags beat the environment: --token-file beats $MOBILITY_TOKEN; any trust flag beats $MOBILITY_TLS_CA. */
function securityFiles(args: ParsedArgs, env: NodeJS.ProcessEnv): SecurityFiles {
  const value = (name: keyof typeof SECURITY_OPTIONS) => args.values[name] as string | undefined;
  const trustFlag = args.values.tls === true || value('tls-ca') !== undefined || value('tls-fingerprint') !== undefined;
  const tokenFile = value('token-file');
  return {
    tls: args.values.tls === true || undefined,
    tlsCaFile: value('tls-ca') ?? (trustFlag ? undefined : env[TLS_CA_ENV] || undefined),
    tlsFingerprint: value('tls-fingerprint'),
    tlsCertFile: value('tls-cert'),
    tlsKeyFile: value('tls-key'),
    tokenFile,
    token: tokenFile === undefined ? env[TOKEN_ENV] || undefined : undefined,
  };
}

/**
 * The security for one host: $MOBILITY_TLS_CA, a default for TCP hosts, is
 * not applied to a Unix socket (which carries no TLS); flags are applied as given.
 */
export function securityFor(host: string, resolved: ResolvedSecurity): ConnectionSecurity {
  if ((!host.startsWith(UNIX_SCHEME) && !isSshAddress(host)) || !resolved.fromEnvironment.tlsCa) return resolved.security;
  const { tlsCa: _unused, ...rest } = resolved.security;
  return rest;
}

/** Security that cannot work for this host (TLS on a Unix socket, a token in clear text beyond loopback): a usage error. */
export function checkSecurityFor(host: string, resolved: ResolvedSecurity, options: { command?: string; fleet?: boolean } = {}): void {
  const problem = connectionSecurityProblem(host, securityFor(host, resolved));
  if (!problem) return;
  const fromEnv = resolved.fromEnvironment.token && problem.includes('the token') ? ` (the token is $${TOKEN_ENV}'s)` : '';
  throw new UsageError(`${options.fleet ? '--hosts: ' : ''}${problem}${fromEnv}`, options.command);
}
