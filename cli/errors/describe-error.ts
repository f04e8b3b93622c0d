/**
 * Turns whatever a command threw into a CliError: the daemon's own message for
 * errors it sent (exit 1), a "cannot reach" explanation for transport failures
 * (exit 3), what is wrong with the connection's security (untrusted
 * certificate, TLS mismatch, a refused token: exit 4), and a one-line message
 * for anything unexpected (never a stack).
 * The failure itself is classified once, by the client (ClientError); this is
 * only the CLI's wording and exit codes on top.
 */
import { ClientError } from '../../client/errors/client-error';
import { LocalFileError } from '../../client/errors/local-file-error';
import { isSshAddress } from '../../client/connection/ssh-address';
import { CliError, UsageError } from './cli-error';
import { ExitCode } from './exit-codes';

const START_HINT = 'is it running? start it with `npm run embedded` or `mobilityd --listen ...`, or pass --host';

/** `host` is the normalised address the command talked to, e.g. 127.0.0.1:50051. */
export function describeError(err: unknown, host: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof LocalFileError) return new CliError(err.message, ExitCode.DaemonError);
  const error = ClientError.from(err);
  if (error.reason === 'address') return new UsageError(error.rawMessage);
  if (error.reason === 'tls' && error.code === 'invalid_argument') return new UsageError(error.rawMessage);
  if (isSecurityFailure(error)) return new CliError(`${host}: ${error.rawMessage}`, ExitCode.Security);
  if (error.unreachable) {
    // Over ssh:// the message already says what ssh or the host's mobilityd dial-stdio said, and the fix.
    const hint = isSshAddress(host) ? '' : ` — ${START_HINT}`;
    return new CliError(`cannot reach mobilityd at ${host}: ${error.rawMessage}${hint}`, ExitCode.Unreachable);
  }
  if (error.reason === 'unexpected') return new CliError(`unexpected error talking to ${host}: ${error.rawMessage}`, ExitCode.DaemonError);
  // The daemon's messages already say what was wrong and how to fix it.
  return new CliError(`${host}: ${error.rawMessage}`, ExitCode.DaemonError);
}

/** The certificate, the TLS set-up or the credentials: fixed by the security flags, not by starting anything. */
function isSecurityFailure(error: ClientError): boolean {
  return error.reason === 'untrusted' || error.reason === 'tls' || (error.reason === 'rejected' && error.code === 'unauthenticated');
}

/** How one host of a --hosts run failed, for the summary's RESULT and DETAIL columns. */
export interface BriefError {
  reason: 'unreachable' | 'failed';
  /** The cause without the host (the summary has a HOST column) and without the start hint. */
  message: string;
}

export function describeBriefly(err: unknown): BriefError {
  if (err instanceof CliError) {
    return { reason: err.exitCode === ExitCode.Unreachable ? 'unreachable' : 'failed', message: err.message };
  }
  if (err instanceof LocalFileError) return { reason: 'failed', message: err.message };
  const error = ClientError.from(err);
  if (error.unreachable) return { reason: 'unreachable', message: error.rawMessage };
  if (error.reason === 'unexpected') return { reason: 'failed', message: `unexpected error: ${error.rawMessage}` };
  return { reason: 'failed', message: error.rawMessage };
}
