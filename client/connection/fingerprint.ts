/**
 * Certificate fingerprints as mobilityd prints them (`mobilityd tls init`) and
 * people pin them: sha256:<64 lower-case hex> of the DER certificate. Pins are
 * accepted as people copy them: any case, with or without colons and with
 * openssl's `sha256 Fingerprint=AB:CD:...` form too.
 */
import { createHash, type X509Certificate } from 'node:crypto';

export const FINGERPRINT_PREFIX = 'sha256:';

export function certificateFingerprint(certificate: X509Certificate | Buffer): string {
  const der = Buffer.isBuffer(certificate) ? certificate : certificate.raw;
  return `${FINGERPRINT_PREFIX}${createHash('sha256').update(der).digest('hex')}`;
}

/** The pin in its one form, or undefined when it is no sha256 fingerprint. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = pinDigits(text);
  return /^[0-9a-fA-F]{64}$/.test(hex) ? `${FINGERPRINT_PREFIX}${hex.toLowerCase()}` : undefined;
}

/** The hex digits of a pin: without "sha256:" (or openssl's "sha256 Fingerprint=") and without colons. */
function pinDigits(text: string): string {
  return text.trim().replace(/^sha256(:|\s+fingerprint=)/i, '').replace(/:/g, '');
}

/** Why a pin is not a fingerprint, for the error that names the option. */
export function fingerprintProblem(text: string): string {
  const hex = pinDigits(text);
  const what = /^[0-9a-fA-F]*$/.test(hex) ? `${hex.length} hex digits` : 'characters other than hex digits and colons';
  return `"${text}" is not a sha256 fingerprint (it has ${what}); write it as sha256: followed by 64 hex digits, as \`mobilityd tls init\` prints it (colons, as openssl prints them, are fine)`;
}
