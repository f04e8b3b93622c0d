/**
 * A connection that failed for a TLS reason reaches grpc-js as UNAVAILABLE
 * with OpenSSL's words, or only "Failed to connect" (a plain client at a TLS
 * port, a client certificate the daemon dropped). This turns such a failure
 * into an 'untrusted' or 'tls' ClientError that says which, taking a second
 * look at the daemon when the words are not enough: its certificate (to name
 * it), whether the port speaks TLS, whether it takes the client certificate.
 */
import { ClientError, type CallContext } from '../errors/client-error';
import { tlsCause } from '../errors/tls-cause';
import { DROPPED, transportCause } from '../errors/transport-cause';
import type { ConnectionSecurity } from './connection-security';
import { UNIX_SCHEME } from './host-address';
import { isSshAddress } from './ssh-address';
import {
  clientCertificateRefusedError,
  clientCertificateRequiredError,
  notTlsError,
  tlsRequiredError,
  untrustedError,
} from './security-errors';
import { usesTls } from './security-problem';
import { probeTls, type TlsProbe } from './tls-probe';

/** The longest the second look may take: it only improves an error already known. */
export const EXPLAIN_TIMEOUT_MS = 5000;

/** `err` explained, or as it was when it is no connection failure (or nothing better can be said). */
export async function explainFailure(err: unknown, address: string, security: ConnectionSecurity, context: CallContext): Promise<unknown> {
  // No TLS on a Unix socket, nor over SSH (where ssh's own words explain: secure-channel.ts).
  if (!(err instanceof ClientError) || err.reason !== 'unreachable' || address.startsWith(UNIX_SCHEME) || isSshAddress(address)) return err;
  // Only a call's failure (a grpc-js status's details); the pin check's own failures are explained already.
  const text = (err.cause as { details?: unknown } | undefined)?.details;
  if (typeof text !== 'string') return err;
  const timeoutMs = Math.min(context.timeoutMs ?? EXPLAIN_TIMEOUT_MS, EXPLAIN_TIMEOUT_MS);
  const errorContext = { ...context, address };
  const look = (withClientCertificate = false) => secondLook(address, security, timeoutMs, withClientCertificate);

  if (!usesTls(security)) {
    if (!connectedThenFailed(text)) return err;
    const probe = await look();
    return probe?.speaksTls ? tlsRequiredError(probe.certificate, errorContext, err) : err;
  }
  const cause = tlsCause(text, Boolean(security.tlsCert));
  switch (cause?.kind) {
    case 'untrusted': {
      const probe = await look();
      return untrustedError(cause.why, probe?.speaksTls ? probe.certificate : undefined, security, errorContext, err);
    }
    case 'client-certificate-required':
      return clientCertificateRequiredError(errorContext, err);
    case 'client-certificate-refused':
      return clientCertificateRefusedError(cause.alert, errorContext, err);
    case 'not-tls':
      return notTlsError(cause.detail, errorContext, err);
  }
  // No TLS words: the port may not speak TLS, or may have dropped the client certificate.
  if (!connectedThenFailed(text)) return err;
  const probe = await look(true);
  if (probe && !probe.speaksTls) return notTlsError(probe.detail, errorContext, err);
  if (probe?.speaksTls && probe.clientCertificateRefusal) return clientCertificateRefusedError(probe.clientCertificateRefusal, errorContext, err);
  return err;
}

/**
 * A failure after the TCP connection was made (dropped, "Failed to connect"),
 * which is where TLS trouble shows; not a name that does not resolve or a
 * route that does not exist, where a second look would only wait.
 */
function connectedThenFailed(details: string): boolean {
  const cause = transportCause(details);
  return cause.text === DROPPED || cause.text === details;
}

/** The probe's answer, or undefined when the daemon cannot be reached now either. */
async function secondLook(address: string, security: ConnectionSecurity, timeoutMs: number, withClientCertificate: boolean): Promise<TlsProbe | undefined> {
  const clientCertificate = withClientCertificate && security.tlsCert ? { clientCert: security.tlsCert, clientKey: security.tlsKey } : {};
  try {
    return await probeTls(address, { timeoutMs, ...clientCertificate });
  } catch {
    return undefined;
  }
}
