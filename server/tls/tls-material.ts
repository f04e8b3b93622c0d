/**
 * What a TLS listener serves with, read from the configured files and checked
 * as a whole before anything is served with it: at start (where a problem
 * stops mobilityd) and on every reload (where a problem keeps the previous
 * material in service).
 */
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificateFingerprint } from './certificate-fingerprint';
import { pemCertificates } from './pem-certificates';
import { pemPrivateKey } from './private-key-pem';
import { readTlsFile } from './read-tls-file';
import { describeTlsFile, type TlsFiles } from './tls-files';
import { TlsFileError } from './tls-file-error';

export interface TlsMaterial {
  /** The files' bytes, as handed to OpenSSL. */
  cert: Buffer;
  key: Buffer;
  /** Client CA certificates; undefined when no client certificate is asked. */
  ca?: Buffer;
  /** The server certificate (the first of the chain). */
  leaf: X509Certificate;
  /** sha256:<hex> of the server certificate. */
  fingerprint: string;
}

export function readTlsMaterial(files: TlsFiles, now = new Date()): TlsMaterial {
  const cert = readTlsFile(files, 'certFile');
  const [leaf] = pemCertificates(cert, files, 'certFile');
  const key = readTlsFile(files, 'keyFile');
  checkKeyMatches(leaf, pemPrivateKey(key, files), files);
  checkValidity(leaf, files, now);
  let ca: Buffer | undefined;
  if (files.clientCaFile !== '') {
    ca = readTlsFile(files, 'clientCaFile');
    pemCertificates(ca, files, 'clientCaFile');
  }
  try {
    createSecureContext({ cert, key, ca });
  } catch (err) {
    throw new TlsFileError(`OpenSSL refuses ${describeTlsFile(files, 'certFile')} with its key${ca ? ' and client CAs' : ''}: ${(err as Error).message}`);
  }
  return { cert, key, ca, leaf, fingerprint: certificateFingerprint(leaf.raw) };
}

/** The same files' contents: nothing to reload. */
export function sameMaterial(a: TlsMaterial, b: TlsMaterial): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key) && sameBytes(a.ca, b.ca);
}

export function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a && b ? a.equals(b) : a === b;
}

/** "CN=web-01.example.com, valid until 2027-03-01T10:00:00.000Z, sha256:ab12…" for logs. */
export function describeMaterial(material: TlsMaterial): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(material.leaf.subject)?.[1];
  return `${cn ? `CN=${cn}, ` : ''}valid until ${new Date(material.leaf.validTo).toISOString()}, ${material.fingerprint}`;
}

function checkKeyMatches(leaf: X509Certificate, key: KeyObject, files: TlsFiles): void {
  if (leaf.checkPrivateKey(key)) return;
  throw new TlsFileError(
    `${describeTlsFile(files, 'keyFile')} is not the key of ${describeTlsFile(files, 'certFile')}: ` +
      'give the key the certificate was made with (after replacing one, replace the other too)',
  );
}

function checkValidity(leaf: X509Certificate, files: TlsFiles, now: Date): void {
  const file = describeTlsFile(files, 'certFile');
  const validTo = new Date(leaf.validTo);
  const validFrom = new Date(leaf.validFrom);
  if (now > validTo) {
    throw new TlsFileError(
      `${file} expired on ${validTo.toISOString()} and no client accepts it: renew it with your CA, or make a new ` +
        'self-signed one with mobilityd tls init --out DIR --host NAME --force (clients that pin the old fingerprint need the new one it prints)',
    );
  }
  if (now < validFrom) {
    throw new TlsFileError(
      `${file} is valid only from ${validFrom.toISOString()}, and this machine's clock says ${now.toISOString()}: ` +
        "check the clock (clients check it against theirs), or wait until then",
    );
  }
}

/** The options a TLS server's secure context is made from. */
export function contextOptions(material: TlsMaterial): SecureContextOptions {
  return { cert: material.cert, key: material.key, ...(material.ca ? { ca: material.ca } : {}) };
}
