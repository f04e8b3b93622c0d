/**
 * How the client runs ssh for an ssh:// address: which ssh, extra options
 * before the host (a key, a known_hosts file, a jump host), and the mobilityd
 * to run on the host. From ConnectionSecurity.ssh, else from the environment:
 *
 *   MOBILITY_SSH_COMMAND         the ssh program (default "ssh", found on PATH)
 *   MOBILITY_SSH_OPTS            extra ssh options, split at white space, e.g. "-i ~/.ssh/ops -o ConnectTimeout=5"
 *   MOBILITY_SSH_REMOTE_COMMAND  mobilityd on the host (default "mobilityd", found on the remote PATH)
 *
 * Anything more involved belongs in ~/.ssh/config, which ssh reads as always.
 */
import { ClientError } from '../errors/client-error';
import type { SshTarget } from './ssh-address';

export const SSH_COMMAND_ENV = 'MOBILITY_SSH_COMMAND';
export const SSH_OPTS_ENV = 'MOBILITY_SSH_OPTS';
export const SSH_REMOTE_COMMAND_ENV = 'MOBILITY_SSH_REMOTE_COMMAND';

export interface SshTransportOptions {
  /** The ssh program; default "ssh". */
  command?: string;
  /** Options put before the host, e.g. ['-i', KEY, '-o', 'UserKnownHostsFile=FILE']. */
  extraArgs?: string[];
  /** mobilityd on the host, a name on the remote PATH or an absolute path; default "mobilityd". */
  remoteCommand?: string;
}

/** The remote command is one word for the remote shell: no character a shell would interpret. */
const SAFE_REMOTE_COMMAND = /^[A-Za-z0-9_./+][A-Za-z0-9_./+-]*$/;

export function sshOptionsFromEnv(env: NodeJS.ProcessEnv): SshTransportOptions {
  const opts = env[SSH_OPTS_ENV]?.trim();
  return {
    command: env[SSH_COMMAND_ENV] || undefined,
    extraArgs: opts ? opts.split(/\s+/) : undefined,
    remoteCommand: env[SSH_REMOTE_COMMAND_ENV] || undefined,
  };
}

/** What is wrong with the options, or undefined. */
export function sshOptionsProblem(options: SshTransportOptions): string | undefined {
  const remote = options.remoteCommand;
  if (remote !== undefined && !SAFE_REMOTE_COMMAND.test(remote)) {
    return `the remote mobilityd command "${remote}" (${SSH_REMOTE_COMMAND_ENV}) must be one program name or absolute path of letters, digits and . _ - + / (no spaces or shell characters)`;
  }
  if (options.command === '') return `the ssh command (${SSH_COMMAND_ENV}) is empty`;
  return undefined;
}

/** The ssh program and its arguments: `ssh [-p PORT] [-l USER] EXTRA... -o BatchMode=yes -- HOST mobilityd dial-stdio --socket PATH`. */
export function sshInvocation(target: SshTarget, options: SshTransportOptions): { command: string; args: string[] } {
  const problem = sshOptionsProblem(options);
  if (problem) throw new ClientError(problem, { code: 'invalid_argument', reason: 'address' });
  const args = [
    ...(target.port === undefined ? [] : ['-p', String(target.port)]),
    ...(target.user === undefined ? [] : ['-l', target.user]),
    ...(options.extraArgs ?? []),
    // No prompt can be answered: stdin and stdout carry gRPC. -T: no terminal, so the bytes pass untouched.
    '-o', 'BatchMode=yes',
    '-T',
    '--',
    target.host,
    options.remoteCommand ?? 'mobilityd',
    'dial-stdio',
    '--socket',
    target.socketPath,
  ];
  return { command: options.command ?? 'ssh', args };
}
