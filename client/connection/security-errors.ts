/**
 * The ClientErrors of connection security, worded once for every client:
 * what the daemon presented (the fingerprint, its names, its dates), what
 * does not match, and the option that fixes it (mobilityctl's flag names;
 * the extension's settings mirror them).
 */
import { ClientError, type CallContext } from '../errors/client-error';
import type { TlsCause } from '../errors/tls-cause';
import type { ConnectionSecurity, ServerCertificate } from './connection-security';
import { hostAndPort } from './host-address';

type UntrustedWhy = Extract<TlsCause, { kind: 'untrusted' }>['why'];

const TRUST_HOW = 'trust it with --tls-ca FILE (the CA that signed it) or pin it with --tls-fingerprint';

function untrusted(message: string, context: CallContext, certificate?: ServerCertificate, cause?: unknown): ClientError {
  return new ClientError(message, { ...context, code: 'unavailable', reason: 'untrusted', certificateFingerprint: certificate?.fingerprint, cause });
}

function mismatch(message: string, context: CallContext, certificate?: ServerCertificate, cause?: unknown): ClientError {
  return new ClientError(message, { ...context, code: 'unavailable', reason: 'tls', certificateFingerprint: certificate?.fingerprint, cause });
}

/** SSH's rule: a changed certificate is news, and only the person who knows whether it was renewed may accept it. */
export function pinMismatchError(presented: string, pinned: string, context: CallContext, cause?: unknown): ClientError {
  const message =
    `the daemon presented ${presented}, but ${pinned} is pinned: the certificate changed — ` +
    `if this is expected (it was renewed), update the pin to --tls-fingerprint ${presented}; if not, someone may be intercepting the connection`;
  return new ClientError(message, { ...context, code: 'unavailable', reason: 'untrusted', certificateFingerprint: presented, cause });
}

/**
 * The daemon's certificate did not verify. `certificate` is what a second
 * look read (undefined when that failed too).
 */
export function untrustedError(
  why: UntrustedWhy,
  certificate: ServerCertificate | undefined,
  security: ConnectionSecurity,
  context: CallContext,
  cause?: unknown,
): ClientError {
  const fingerprint = certificate?.fingerprint;
  const pin = fingerprint ?? 'sha256:...';
  if (security.tlsFingerprint && fingerprint && fingerprint !== security.tlsFingerprint) {
    return pinMismatchError(fingerprint, security.tlsFingerprint, context, cause);
  }
  const named = fingerprint ? ` (${fingerprint})` : '';
  if (why === 'expired' || why === 'not-yet-valid') {
    const when = certificate ? (why === 'expired' ? ` on ${certificate.validTo.toISOString()}` : ` until ${certificate.validFrom.toISOString()}`) : '';
    const what = why === 'expired' ? `expired${when}` : `is not valid${when} (is this machine's clock right?)`;
    return untrusted(`the daemon's certificate${named} ${what}: renew it on the host (mobilityd tls init), then trust the new one`, context, certificate, cause);
  }
  if (why === 'name') {
    const host = context.address ? hostAndPort(context.address).host : 'this address';
    const names = certificate?.subjectAltNames.length ? certificate.subjectAltNames.join(', ') : 'other names';
    return untrusted(
      `the daemon's certificate${named} is for ${names}, not for ${host}: connect by one of those names, or pin it with --tls-fingerprint ${pin}`,
      context,
      certificate,
      cause,
    );
  }
  if (security.tlsFingerprint && fingerprint === security.tlsFingerprint) {
    // The pinned certificate is a CA-signed one, and this Node.js cannot trust a certificate that is no CA by itself.
    return untrusted(
      `the daemon presented the pinned certificate ${fingerprint}, but this Node.js (${process.version}) cannot pin a certificate a CA signed (Node.js 20.18 or later can): trust its CA with --tls-ca FILE instead`,
      context,
      certificate,
      cause,
    );
  }
  const signer = !certificate ? 'no trusted CA signed it' : certificate.selfSigned ? 'it is self-signed' : `it is signed by "${certificate.issuer}", which no trusted CA vouches for`;
  const withCa = security.tlsCa ? ' (not by a CA in the --tls-ca file)' : '';
  return untrusted(
    `the daemon's certificate${named} is not trusted: ${signer}${withCa}; ${TRUST_HOW} ${pin} once you have checked that this is the fingerprint \`mobilityd tls init\` printed on the host`,
    context,
    certificate,
    cause,
  );
}

/** This client spoke TLS to a port that does not. */
export function notTlsError(detail: string, context: CallContext, cause?: unknown): ClientError {
  return mismatch(
    `the daemon does not speak TLS at this address (${detail}): it was started without --tls-cert; leave out the TLS options, or connect to the address it serves TLS on`,
    context,
    undefined,
    cause,
  );
}

/** This client spoke plain gRPC to a port that speaks TLS. */
export function tlsRequiredError(certificate: ServerCertificate, context: CallContext, cause?: unknown): ClientError {
  const signer = certificate.selfSigned ? 'self-signed' : `signed by "${certificate.issuer}"`;
  return mismatch(
    `the daemon speaks TLS, and this client connected without it: connect with TLS, trusting the daemon's certificate (${signer}, ${certificate.fingerprint}): ` +
      `--tls-ca FILE (the CA that signed it), --tls-fingerprint ${certificate.fingerprint} (once checked against what \`mobilityd tls init\` printed), or --tls when a public CA signed it`,
    context,
    certificate,
    cause,
  );
}

export function clientCertificateRequiredError(context: CallContext, cause?: unknown): ClientError {
  return mismatch(
    'the daemon requires a client certificate (mTLS) and none was sent: pass --tls-cert FILE and --tls-key FILE, a certificate signed by a CA in its --tls-client-ca',
    context,
    undefined,
    cause,
  );
}

export function clientCertificateRefusedError(alert: string, context: CallContext, cause?: unknown): ClientError {
  return mismatch(
    `the daemon refused the client certificate (${alert}): it must be signed by a CA in the daemon's --tls-client-ca, be valid now and be meant for client authentication`,
    context,
    undefined,
    cause,
  );
}

/** TLS options for an address that cannot carry TLS, and the like: nothing was sent. */
export function securityOptionError(message: string, context: CallContext): ClientError {
  return new ClientError(message, { ...context, code: 'invalid_argument', reason: 'tls' });
}
