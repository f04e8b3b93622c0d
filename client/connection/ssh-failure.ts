/**
 * Why an ssh run for a tunnel ended, in ssh's own words: its stderr says it
 * best ("Permission denied (publickey)", "Could not resolve hostname", the
 * remote dial-stdio's "no socket at ..."); the exit status adds what the
 * words leave out (127: no mobilityd on the host).
 */
import { ClientError, type CallContext } from '../errors/client-error';
import { SSH_COMMAND_ENV, SSH_REMOTE_COMMAND_ENV } from './ssh-options';

/** Lines ssh prints that explain nothing about a failure. */
const NOISE = [/^Warning: Permanently added /, /^\*\*/];

export interface SshExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** The program run, e.g. "ssh". */
  command: string;
  host: string;
  remoteCommand: string;
}

/** One line for the user, or undefined for a clean end (status 0). */
export function describeSshExit(exit: SshExit): string | undefined {
  if (exit.code === 0) return undefined;
  const said = exit.stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.some((noise) => noise.test(line)))
    .slice(-3)
    .join(' ');
  if (exit.code === 127) {
    return `${exit.remoteCommand} was not found on ${exit.host}${said ? ` (${said})` : ''}: install mobilityd there, or set ${SSH_REMOTE_COMMAND_ENV} to its path`;
  }
  if (said) return `${exit.command}: ${said.replace(/^ssh: /, '')}`;
  if (exit.signal) return `${exit.command} to ${exit.host} was ended by ${exit.signal}`;
  return exit.code === 255
    ? `${exit.command} to ${exit.host} failed (status 255: the SSH connection could not be made or was lost)`
    : `${exit.remoteCommand} dial-stdio on ${exit.host} ended with status ${exit.code}`;
}

/** ssh itself could not be started (not installed, not executable). */
export function describeSpawnError(command: string, err: NodeJS.ErrnoException): string {
  const why = err.code === 'ENOENT' ? 'not found (install the OpenSSH client' : `${err.message} (check it`;
  return `cannot run ${command}: ${why}, or set ${SSH_COMMAND_ENV} to the ssh program)`;
}

/** The failure a call saw (a bare UNAVAILABLE from the local socket), told in ssh's words (`why` names ssh or the remote command). */
export function sshUnreachableError(why: string, context: CallContext, cause: unknown): ClientError {
  return new ClientError(why, { ...context, code: 'unavailable', reason: 'unreachable', cause });
}
