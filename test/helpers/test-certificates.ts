/**
 * Certificates for TLS tests and the TLS bench, made by the system's openssl
 * (independent of the product's own `mobilityd tls init`): a CA, a second CA
 * that mobilityd does not trust, a server certificate for 127.0.0.1 and
 * localhost, a replacement server certificate, client certificates (CN alice
 * and bob, and one from the other CA), each with its sha256 fingerprint.
 * Tests share one set per process (testCertificates, removed at exit); the
 * bench makes its own in its sandbox (makeTestCertificates). Plain Node, no mocha.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CertificateFiles {
  cert: string;
  key: string;
  /** sha256:<hex> of the certificate's DER, as `mobilityd tls init` prints it. */
  fingerprint: string;
}

export interface TestCertificates {
  dir: string;
  /** The CA mobilityd trusts for client certificates, and clients trust for the server. */
  ca: CertificateFiles;
  /** A CA nobody trusts. */
  otherCa: CertificateFiles;
  /** Signed by ca; subjectAltName 127.0.0.1, ::1 and localhost. */
  server: CertificateFiles;
  /** A second server certificate (same names, new key), for replacement without restart. */
  serverReplacement: CertificateFiles;
  /** Self-signed server certificate (no CA), for fingerprint pinning. */
  selfSigned: CertificateFiles;
  /** Client certificates: CN alice and bob signed by ca, mallory signed by otherCa. */
  alice: CertificateFiles;
  bob: CertificateFiles;
  mallory: CertificateFiles;
}

let made: TestCertificates | undefined;

export function testCertificates(): TestCertificates {
  if (!made) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-certs-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    made = makeTestCertificates(dir);
  }
  return made;
}

/** The whole set in `dir` (created 0700 if missing). */
export function makeTestCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = makeCa(dir, 'ca', 'Mobility Test CA');
  const otherCa = makeCa(dir, 'other-ca', 'Someone Else CA');
  const serverNames = 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost';
  return {
    dir,
    ca,
    otherCa,
    server: makeSigned(dir, 'server', '/CN=mobilityd-test', ca, serverNames),
    serverReplacement: makeSigned(dir, 'server-2', '/CN=mobilityd-test', ca, serverNames),
    selfSigned: makeSelfSigned(dir, 'self-signed', '/CN=mobilityd-self', serverNames),
    alice: makeSigned(dir, 'alice', '/CN=alice', ca, 'extendedKeyUsage=clientAuth'),
    bob: makeSigned(dir, 'bob', '/CN=bob/OU=viewer', ca, 'extendedKeyUsage=clientAuth'),
    mallory: makeSigned(dir, 'mallory', '/CN=mallory', otherCa, 'extendedKeyUsage=clientAuth'),
  };
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed (test certificates are made with the system's openssl): ${stderr || (err as Error).message}`);
  }
}

function newKey(file: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file]);
}

function makeCa(dir: string, name: string, cn: string): CertificateFiles {
  const files = paths(dir, name);
  newKey(files.key);
  openssl(['req', '-x509', '-new', '-key', files.key, '-sha256', '-days', '30', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', files.cert]);
  return withFingerprint(files);
}

function makeSelfSigned(dir: string, name: string, subject: string, extension: string): CertificateFiles {
  const files = paths(dir, name);
  newKey(files.key);
  openssl(['req', '-x509', '-new', '-key', files.key, '-sha256', '-days', '30', '-subj', subject, '-addext', extension, '-out', files.cert]);
  return withFingerprint(files);
}

function makeSigned(dir: string, name: string, subject: string, ca: CertificateFiles, extension: string): CertificateFiles {
  const files = paths(dir, name);
  newKey(files.key);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, `${extension}\n`);
  openssl(['req', '-new', '-key', files.key, '-subj', subject, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', ext, '-out', files.cert]);
  return withFingerprint(files);
}

function paths(dir: string, name: string): { cert: string; key: string } {
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

function withFingerprint(files: { cert: string; key: string }): CertificateFiles {
  const der = new crypto.X509Certificate(fs.readFileSync(files.cert)).raw;
  return { ...files, fingerprint: `sha256:${crypto.createHash('sha256').update(der).digest('hex')}` };
}
