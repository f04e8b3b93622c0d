/** A certificate as the client layer shows it (ServerCertificate): names, validity, fingerprint, PEM. */
import type { X509Certificate } from 'node:crypto';
import type { ServerCertificate } from './connection-security';
import { certificateFingerprint } from './fingerprint';

export function describeCertificate(certificate: X509Certificate): ServerCertificate {
  const selfSigned = certificate.subject === certificate.issuer && verifiesItself(certificate);
  return {
    fingerprint: certificateFingerprint(certificate),
    subject: commonName(certificate.subject),
    issuer: commonName(certificate.issuer),
    subjectAltNames: certificate.subjectAltName ? certificate.subjectAltName.split(/,\s*/) : [],
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    selfSigned,
    pem: certificate.toString(),
  };
}

/** "CN=web-01" of a subject (one attribute a line), or the whole subject on one line when it has no CN. */
function commonName(name: string): string {
  const cn = /^CN=(.*)$/m.exec(name);
  return cn ? cn[1] : name.split('\n').join(', ');
}

function verifiesItself(certificate: X509Certificate): boolean {
  try {
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}
