/**
 * What a failed TLS connection was, read from the words grpc-js passes on
 * from Node and OpenSSL (an UNAVAILABLE status's details). Only the words:
 * client/connection/explain-failure.ts adds what a second look at the daemon
 * shows (its certificate, whether the port speaks TLS at all).
 */

export type TlsCause =
  /** The daemon's certificate did not verify: why, in the client's terms. */
  | { kind: 'untrusted'; why: 'issuer' | 'expired' | 'not-yet-valid' | 'name' | 'pin' }
  /** The daemon asked for a client certificate and none was sent. */
  | { kind: 'client-certificate-required' }
  /** The daemon refused the client certificate that was sent: the alert. */
  | { kind: 'client-certificate-refused'; alert: string }
  /** This side spoke TLS and the other side did not answer in TLS: a plain port. */
  | { kind: 'not-tls'; detail: string };

/** The marker of the pin check's own error (channel-credentials.ts), so that it is told from OpenSSL's. */
export const PIN_MISMATCH = 'certificate pin mismatch';

const UNTRUSTED: [RegExp, Extract<TlsCause, { kind: 'untrusted' }>['why']][] = [
  [new RegExp(PIN_MISMATCH), 'pin'],
  [/certificate has expired|CERT_HAS_EXPIRED/i, 'expired'],
  [/certificate is not yet valid|CERT_NOT_YET_VALID/i, 'not-yet-valid'],
  [/does not match certificate's altnames|is not cert's CN|ERR_TLS_CERT_ALTNAME_INVALID/i, 'name'],
  [/self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate signature failure|UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify leaf signature/i, 'issuer'],
];

const CLIENT_CERTIFICATE_ALERT = /alert (certificate required|handshake failure|unknown ca|bad certificate|certificate expired|certificate revoked|certificate unknown|unsupported certificate|access denied|decrypt error)/i;

const NOT_TLS = /wrong version number|packet length too long|unknown protocol|record layer failure|http request|disconnected before secure TLS connection/i;

/** The cause a status's details name, or undefined when they name no TLS cause (e.g. "Failed to connect"). */
export function tlsCause(details: string, sentClientCertificate: boolean): TlsCause | undefined {
  for (const [pattern, why] of UNTRUSTED) if (pattern.test(details)) return { kind: 'untrusted', why };
  const alert = CLIENT_CERTIFICATE_ALERT.exec(details);
  if (alert) {
    const required = /certificate required|handshake failure/i.test(alert[1]);
    if (required && !sentClientCertificate) return { kind: 'client-certificate-required' };
    return { kind: 'client-certificate-refused', alert: alert[0] };
  }
  const notTls = NOT_TLS.exec(details);
  if (notTls) return { kind: 'not-tls', detail: notTls[0] };
  return undefined;
}
