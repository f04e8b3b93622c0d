/**
 * Turns whatever a call threw into a CliError: the daemon's own message for
 * errors it sent (exit 1), a "cannot reach" explanation for transport failures
 * (exit 3), and a one-line message for anything unexpected (never a stack).
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { AddressError } from '../../client/host-address';
import { CliError, UsageError } from './cli-error';
import { ExitCode } from './exit-codes';

export interface CallTarget {
  /** The normalised address the call went to, e.g. 127.0.0.1:50051. */
  host: string;
  /** The deadline the call had, for the "no answer within" message. */
  timeoutMs: number;
}

const START_HINT = 'is it running? start it with `npm run embedded` or `mobilityd --listen ...`, or pass --host';

export function describeError(err: unknown, target: CallTarget): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof AddressError) return new UsageError(err.message);
  if (isServiceError(err)) return describeServiceError(err, target);
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(`unexpected error talking to ${target.host}: ${message}`, ExitCode.DaemonError);
}

export function isServiceError(err: unknown): err is ServiceError {
  return typeof (err as ServiceError)?.code === 'number' && typeof (err as ServiceError)?.details === 'string';
}

/** How one host of a --hosts run failed, for the summary's RESULT and DETAIL columns. */
export interface BriefError {
  reason: 'unreachable' | 'failed';
  /** The cause without the host (the summary has a HOST column) and without the start hint. */
  message: string;
}

export function describeBriefly(err: unknown, timeoutMs: number): BriefError {
  if (isServiceError(err)) {
    if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) {
      return { reason: 'unreachable', message: unreachableReason(err, timeoutMs) };
    }
    return { reason: 'failed', message: err.details || status[err.code] };
  }
  if (err instanceof CliError) {
    return { reason: err.exitCode === ExitCode.Unreachable ? 'unreachable' : 'failed', message: err.message };
  }
  return { reason: 'failed', message: `unexpected error: ${err instanceof Error ? err.message : String(err)}` };
}

function describeServiceError(err: ServiceError, target: CallTarget): CliError {
  if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) {
    const reason = unreachableReason(err, target.timeoutMs);
    return new CliError(`cannot reach mobilityd at ${target.host}: ${reason} — ${START_HINT}`, ExitCode.Unreachable);
  }
  // The daemon's messages already say what was wrong and how to fix it.
  return new CliError(`${target.host}: ${err.details || status[err.code]}`, ExitCode.DaemonError);
}

/** grpc-js buries the socket error in its details; people want the short cause. */
function unreachableReason(err: ServiceError, timeoutMs: number): string {
  if (err.code === status.DEADLINE_EXCEEDED) return `no answer within ${timeoutMs} ms`;
  const details = err.details ?? '';
  const known: [RegExp, string][] = [
    [/ECONNREFUSED/, 'connection refused'],
    [/Name resolution failed|ENOTFOUND|EAI_AGAIN/, 'the host name does not resolve'],
    [/EHOSTUNREACH|ENETUNREACH/, 'no route to the host'],
    [/ETIMEDOUT/, 'the connection timed out'],
    [/ECONNRESET|Connection dropped|socket hang up/i, 'the connection was dropped'],
  ];
  for (const [pattern, reason] of known) if (pattern.test(details)) return reason;
  return details || 'unavailable';
}
