/**
 * How errors from a host are told: the daemon's own words, prefixed with the
 * host's name; for a host that cannot be reached, the short cause
 * ("connection refused", "no answer within 3000 ms"). The client classifies
 * the failure (ClientError); this is only the extension's wording, and the
 * kind of trouble each failure puts the host in.
 */
import { ClientError } from '../../../client/errors/client-error';

/** The host's connection settings cannot be used (a TLS file unreadable, a token that would go out in clear text); nothing was sent. */
export class ConnectionSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionSettingsError';
  }
}

export interface HostProblem {
  /**
   * unreachable: no answer (refused, timed out, dropped); refused: the daemon
   * answered with an error; auth: it refused the caller (token missing, unknown,
   * expired or revoked; a role that may not do this); untrusted: its
   * certificate is not trusted; changed: its certificate is not the pinned
   * one; misconfigured: the host's TLS settings do not work with this daemon,
   * or cannot be used at all.
   */
  kind: 'unreachable' | 'refused' | 'auth' | 'untrusted' | 'changed' | 'misconfigured';
  /** The cause without the host's name: the daemon's message, or the short transport cause. */
  message: string;
  /** untrusted, changed: the fingerprint of the certificate the daemon presented, when it was read. */
  presented?: string;
}

/** `pin`: the fingerprint the connection pinned, which tells a changed certificate from one never trusted. */
export function hostProblem(err: unknown, pin?: string): HostProblem {
  if (err instanceof ConnectionSettingsError) return { kind: 'misconfigured', message: err.message };
  const error = ClientError.from(err);
  if (error.unreachable) return { kind: 'unreachable', message: error.rawMessage };
  const presented = error.certificateFingerprint;
  if (error.reason === 'untrusted') {
    const kind = pin !== undefined && presented !== pin ? 'changed' : 'untrusted';
    return { kind, message: error.rawMessage, ...(presented && { presented }) };
  }
  if (error.reason === 'tls') return { kind: 'misconfigured', message: error.rawMessage };
  if (error.code === 'unauthenticated' || error.code === 'permission_denied') return { kind: 'auth', message: error.rawMessage };
  if (error.reason === 'unexpected') return { kind: 'refused', message: `unexpected error: ${error.rawMessage}` };
  return { kind: 'refused', message: error.rawMessage };
}

/** The sentence for a notification: "web-01: <the daemon's message>" or "web-01: cannot reach mobilityd at ADDR: <cause>". */
export function hostErrorMessage(hostName: string, address: string, err: unknown): string {
  const problem = hostProblem(err);
  if (problem.kind === 'unreachable') return `${hostName}: cannot reach mobilityd at ${address}: ${problem.message}`;
  return `${hostName}: ${problem.message}`;
}
