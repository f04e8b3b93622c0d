/**
 * The server's private key from its PEM file. Errors never quote the file:
 * it is a secret.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { describeTlsFile, type TlsFiles } from './tls-files';
import { TlsFileError } from './tls-file-error';

export function pemPrivateKey(bytes: Buffer, files: TlsFiles): KeyObject {
  const file = describeTlsFile(files, 'keyFile');
  const text = bytes.toString('latin1');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    throw new TlsFileError(
      `${file} is encrypted with a passphrase, which mobilityd cannot ask for when it starts or reloads: ` +
        'store it unencrypted with mode 0600 (openssl pkey -in KEY -out KEY.plain)',
    );
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    const hint = /-----BEGIN CERTIFICATE-----/.test(text)
      ? 'holds a certificate, not a private key: were --tls-cert and --tls-key swapped?'
      : 'is not a PEM private key (no "-----BEGIN PRIVATE KEY-----" block): give the key in PEM form';
    throw new TlsFileError(`${file} ${hint}`);
  }
  try {
    return createPrivateKey({ key: bytes, format: 'pem' });
  } catch (err) {
    throw new TlsFileError(`${file} is not a readable private key (${(err as Error).message}): give the key the certificate was made with`);
  }
}
