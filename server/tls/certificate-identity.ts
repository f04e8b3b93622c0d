/**
 * Who a client certificate names, for the principal of a call: from the peer
 * certificate of a TLS connection (grpc-js `call.getAuthContext().sslPeerCertificate`,
 * or `tlsSocket.getPeerCertificate()` for REST).
 *
 * It reads the certificate, it does not judge it: only call it for a connection
 * whose certificate was verified (grpc-js gives the certificate only for an
 * authorized socket; mobilityd's TLS listeners with a client CA refuse every
 * other handshake).
 */
import type { PeerCertificate } from 'node:tls';
import { certificateFingerprint } from './certificate-fingerprint';

export interface CertificateIdentity {
  /** The subject's CN, or the whole subject (e.g. "O=Example, OU=ops") when it has no CN. */
  subject: string;
  /** The subject's OU, when it has one. */
  organizationalUnit?: string;
  /** sha256:<64 lower-case hex> of the certificate's DER. */
  fingerprint: string;
}

/** Node gives an attribute that occurs more than once as an array. */
type SubjectValue = string | string[] | undefined;

export function certificateIdentity(cert: PeerCertificate | null | undefined): CertificateIdentity | undefined {
  // Node answers {} (no raw) for a connection without a peer certificate.
  if (!cert?.raw || cert.raw.length === 0) return undefined;
  const subject = (cert.subject ?? {}) as unknown as Record<string, SubjectValue>;
  const cn = joined(subject.CN);
  const ou = joined(subject.OU);
  return {
    subject: cn || wholeSubject(subject),
    ...(ou ? { organizationalUnit: ou } : {}),
    fingerprint: certificateFingerprint(cert.raw),
  };
}

/**
 * Several values are joined with ", ", so that a certificate with two OUs (or
 * CNs) never equals a single one a rule compares with.
 */
function joined(value: SubjectValue): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function wholeSubject(subject: Record<string, SubjectValue>): string {
  return Object.entries(subject)
    .map(([key, value]) => `${key}=${joined(value)}`)
    .join(', ');
}
