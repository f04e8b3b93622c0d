/**
 * How errors from a host are told: the daemon's own words, prefixed with the
 * host's name; for a host that cannot be reached, the short cause
 * ("connection refused", "no answer within 3000 ms"). The client classifies
 * the failure (ClientError); this is only the extension's wording.
 */
import { ClientError } from '../../../client/errors/client-error';

export interface HostProblem {
  /** unreachable: no answer (refused, timed out, dropped); refused: the daemon answered with an error. */
  kind: 'unreachable' | 'refused';
  /** The cause without the host's name: the daemon's message, or the short transport cause. */
  message: string;
}

export function hostProblem(err: unknown): HostProblem {
  const error = ClientError.from(err);
  if (error.unreachable) return { kind: 'unreachable', message: error.rawMessage };
  if (error.reason === 'unexpected') return { kind: 'refused', message: `unexpected error: ${error.rawMessage}` };
  return { kind: 'refused', message: error.rawMessage };
}

/** The sentence for a notification: "web-01: <the daemon's message>" or "web-01: cannot reach mobilityd at ADDR: <cause>". */
export function hostErrorMessage(hostName: string, address: string, err: unknown): string {
  const problem = hostProblem(err);
  if (problem.kind === 'unreachable') return `${hostName}: cannot reach mobilityd at ${address}: ${problem.message}`;
  return `${hostName}: ${problem.message}`;
}
