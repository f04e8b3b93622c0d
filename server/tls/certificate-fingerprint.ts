/** The one spelling of a certificate's fingerprint mobilityd prints, logs and pins. */
import { createHash } from 'node:crypto';

/** sha256:<64 lower-case hex> of the certificate's DER, as `mobilityd tls init` prints it. */
export function certificateFingerprint(der: Uint8Array): string {
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}
