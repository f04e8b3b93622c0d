/** The certificates of a PEM file (a chain, or a CA bundle), each parsed, with errors that say what the file holds instead. */
import { X509Certificate } from 'node:crypto';
import { describeTlsFile, type TlsFileRole, type TlsFiles } from './tls-files';
import { TlsFileError } from './tls-file-error';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export function pemCertificates(bytes: Buffer, files: TlsFiles, role: TlsFileRole): X509Certificate[] {
  const file = describeTlsFile(files, role);
  const text = bytes.toString('latin1');
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw new TlsFileError(`${file} ${notACertificate(text)}`);
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length} in ${file}` : file;
      throw new TlsFileError(`${which} is not a valid certificate (${(err as Error).message}): replace it with the PEM file your CA gave, or one from mobilityd tls init`);
    }
  });
}

/** Why the file is not a PEM certificate, in the words that lead to the fix. */
function notACertificate(text: string): string {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return 'holds a private key, not a certificate: were --tls-cert and --tls-key swapped?';
  }
  if (/-----BEGIN CERTIFICATE REQUEST-----/.test(text)) {
    return 'is a certificate signing request, not a certificate: give the certificate your CA signed from it';
  }
  if (!/-----BEGIN /.test(text) && text.charCodeAt(0) === 0x30) {
    return 'is not PEM (it looks like binary DER): convert it with openssl x509 -inform der -in FILE -out FILE.pem';
  }
  return 'is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" block): give the certificate in PEM form';
}
