/** `mobilityd tls fingerprint FILE`: the fingerprint clients pin, of a certificate file (PEM or DER). */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { certificateFingerprint } from '../../tls/certificate-fingerprint';
import { TlsUsageError } from './tls-names';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export async function tlsFingerprint(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    throw new TlsUsageError('give one certificate file: mobilityd tls fingerprint FILE');
  }
  const { fingerprint, count } = fileFingerprint(argv[0]);
  out.write(`${fingerprint}\n`);
  if (count > 1) err.write(`mobilityd tls fingerprint: ${argv[0]} holds ${count} certificates; this is the first one's (the server's own in a chain)\n`);
  return 0;
}

/** The fingerprint of the first certificate in `file`, and how many the file holds. */
export function fileFingerprint(file: string): { fingerprint: string; count: number } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'there is no such file' : (e as Error).message}`);
  }
  const blocks = bytes.toString('latin1').match(CERTIFICATE_BLOCK);
  try {
    const cert = new X509Certificate(blocks ? blocks[0] : bytes);
    return { fingerprint: certificateFingerprint(cert.raw), count: blocks?.length ?? 1 };
  } catch {
    throw new Error(`${file} is not a certificate (neither a PEM "-----BEGIN CERTIFICATE-----" block nor DER)`);
  }
}
