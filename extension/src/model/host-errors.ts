/**
 * How errors from a host are told: the daemon's own words, prefixed with the
 * host's name; for a host that cannot be reached, the short cause
 * ("connection refused", "no answer within 3000 ms").
 */
import { status } from '@grpc/grpc-js';
import { describeBriefly, isServiceError } from '../../../cli/errors/describe-grpc-error';

export { isServiceError };

export interface HostProblem {
  /** unreachable: no answer (refused, timed out, dropped); refused: the daemon answered with an error. */
  kind: 'unreachable' | 'refused';
  /** The cause without the host's name: the daemon's message, or the short transport cause. */
  message: string;
}

export function hostProblem(err: unknown, timeoutMs: number): HostProblem {
  const brief = describeBriefly(err, timeoutMs);
  return { kind: brief.reason === 'unreachable' ? 'unreachable' : 'refused', message: brief.message };
}

/** The sentence for a notification: "web-01: <the daemon's message>" or "web-01: cannot reach mobilityd at ADDR: <cause>". */
export function hostErrorMessage(hostName: string, address: string, err: unknown, timeoutMs: number): string {
  const problem = hostProblem(err, timeoutMs);
  if (problem.kind === 'unreachable') return `${hostName}: cannot reach mobilityd at ${address}: ${problem.message}`;
  return `${hostName}: ${problem.message}`;
}

/** True when the call failed because this side cancelled it. */
export function isCancelled(err: unknown): boolean {
  return isServiceError(err) && err.code === status.CANCELLED;
}

/** True for transport failures (the host is down, unreachable or too slow), as opposed to answers. */
export function isUnreachable(err: unknown): boolean {
  return isServiceError(err) && (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED);
}

/** True when the call's deadline passed (the host may be slow rather than gone). */
export function isTimeout(err: unknown): boolean {
  return isServiceError(err) && err.code === status.DEADLINE_EXCEEDED;
}
