/**
 * Certificates for the TLS bench, made by the system's openssl in the bench's
 * sandbox (removed with it): a CA, a server certificate for 127.0.0.1 and a
 * client certificate, all ECDSA P-256 like `mobilityd tls init` makes. The
 * same recipe as test/helpers/test-certificates.ts, which keeps its files for
 * the whole test process in a folder of its own.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CertificatePair {
  cert: string;
  key: string;
}

export interface BenchCertificates {
  /** Signs both; the daemon's --tls-client-ca and the clients' trusted CA. */
  ca: CertificatePair;
  /** subjectAltName IP:127.0.0.1. */
  server: CertificatePair;
  /** CN=bench, an operator (no OU=viewer). */
  client: CertificatePair;
}

export function makeBenchCertificates(dir: string): BenchCertificates {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = pair(dir, 'ca');
  newKey(ca.key);
  openssl(['req', '-x509', '-new', '-key', ca.key, '-sha256', '-days', '2', '-subj', '/CN=Mobility Bench CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', ca.cert]);
  return {
    ca,
    server: signed(dir, 'server', '/CN=mobilityd-bench', ca, 'subjectAltName=IP:127.0.0.1'),
    client: signed(dir, 'client', '/CN=bench', ca, 'extendedKeyUsage=clientAuth'),
  };
}

function signed(dir: string, name: string, subject: string, ca: CertificatePair, extension: string): CertificatePair {
  const files = pair(dir, name);
  newKey(files.key);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, `${extension}\n`);
  openssl(['req', '-new', '-key', files.key, '-subj', subject, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-sha256', '-extfile', ext, '-out', files.cert]);
  return files;
}

function newKey(file: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file]);
}

function pair(dir: string, name: string): CertificatePair {
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed (the TLS bench makes its certificates with the system's openssl): ${stderr || (err as Error).message}`);
  }
}
