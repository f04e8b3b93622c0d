/**
 * A self-signed server certificate for `mobilityd tls init`: ECDSA P-256,
 * made with @peculiar/x509 over Node's WebCrypto (no openssl binary, no
 * hand-written ASN.1: mobilityd ships as one executable).
 *
 * Clients trust it by using the certificate itself as their CA (pinning). The
 * profile is the one every TLS stack accepts as its own trust anchor:
 * basicConstraints CA:FALSE, extKeyUsage serverAuth, and no keyUsage at all.
 * OpenSSL 3 would accept keyUsage digitalSignature, but BoringSSL (Node in
 * Electron, so the VS Code extension) and OpenSSL 1.1 count a certificate as
 * self-signed only when a keyUsage, if present, allows keyCertSign, which
 * RFC 5280 reserves for CA:TRUE, and Firefox refuses a CA:TRUE certificate
 * as a server's own. An end-entity certificate may leave keyUsage out.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { certificateFingerprint } from './certificate-fingerprint';

// The library is typed against the DOM's Crypto, which this project's lib does not include.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

export interface SelfSignedRequest {
  /** DNS names (subjectAltName); the first is the CN. */
  hosts: readonly string[];
  /** IP addresses (subjectAltName); the first is the CN when there is no host. */
  ips: readonly string[];
  days: number;
  now?: Date;
}

export interface SelfSignedCertificate {
  certPem: string;
  /** PKCS#8 PEM: a secret, never logged. */
  keyPem: string;
  /** sha256:<hex> of the DER. */
  fingerprint: string;
  notAfter: Date;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
/** A client's clock a little behind the server's still accepts a certificate made just now. */
const BACKDATE_MS = 5 * 60 * 1000;
/** The longest a CN may be (X.520 ub-common-name); a longer name is only in subjectAltName. */
const MAX_CN = 64;

export async function makeSelfSignedCertificate(request: SelfSignedRequest): Promise<SelfSignedCertificate> {
  const now = request.now ?? new Date();
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as unknown as KeyPair;
  const notAfter = new Date(now.getTime() + request.days * 24 * 60 * 60 * 1000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [commonName(request)] }],
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter,
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...request.hosts.map((value) => ({ type: 'dns' as const, value })),
        ...request.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }) as string;
  return { certPem: cert.toString('pem') + '\n', keyPem, fingerprint: certificateFingerprint(new Uint8Array(cert.rawData)), notAfter };
}

/** 16 random bytes, the first below 0x80 and not 0: a positive serial of at most 20 octets (RFC 5280). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function commonName(request: SelfSignedRequest): string {
  const first = request.hosts[0] ?? request.ips[0];
  return first.length <= MAX_CN ? first : 'mobilityd';
}
