/**
 * `mobilityd tls init`: a key and a self-signed certificate for this host,
 * written where mobilityd's --tls-cert and --tls-key will name them. The
 * fingerprint is the only line on stdout, for scripts to capture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fileFingerprint } from './tls-fingerprint-command';
import { checkDays, checkHostName, checkIpAddress, TlsUsageError } from './tls-names';
import { DEFAULT_TLS_DAYS, MAX_TLS_DAYS } from './tls-usage';
import { writeNewFiles } from './new-files';

export const CERT_FILE = 'mobilityd.crt';
export const KEY_FILE = 'mobilityd.key';

interface InitOptions {
  dir: string;
  hosts: string[];
  ips: string[];
  days: number;
  force: boolean;
}

export async function tlsInit(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const options = parseInitOptions(argv);
  const certFile = path.join(options.dir, CERT_FILE);
  const keyFile = path.join(options.dir, KEY_FILE);
  if (!options.force) refuseExisting(certFile, keyFile);
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o755 }); // the .crt is for anyone to copy; the .key's own mode guards it
  // Loaded here, not with the daemon: @peculiar/x509 takes most of a second to load, which a start need not pay.
  const { makeSelfSignedCertificate } = await import('../../tls/self-signed-certificate');
  const made = await makeSelfSignedCertificate(options);
  // The key first: a mobilityd watching the folder never pairs a new certificate with an old key for long.
  await writeNewFiles(
    [
      { file: keyFile, content: made.keyPem, mode: 0o600 },
      { file: certFile, content: made.certPem, mode: 0o644 },
    ],
    options.force,
  );
  out.write(`${made.fingerprint}\n`);
  err.write(
    `mobilityd tls init: wrote ${certFile} (self-signed for ${[...options.hosts, ...options.ips].join(', ')}, valid until ` +
      `${made.notAfter.toISOString()}) and ${keyFile} (mode 0600: keep it on this host only).\n` +
      `Start mobilityd with: --tls-cert ${certFile} --tls-key ${keyFile} (a running one with these paths takes the new files by itself).\n` +
      `Clients trust it by the fingerprint above, or by ${CERT_FILE} given as their CA.\n`,
  );
  return 0;
}

function parseInitOptions(argv: string[]): InitOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        host: { type: 'string', multiple: true },
        ip: { type: 'string', multiple: true },
        days: { type: 'string' },
        force: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new TlsUsageError((e as Error).message);
  }
  if (!values.out) throw new TlsUsageError('--out DIR is needed: the folder to write mobilityd.crt and mobilityd.key to, e.g. --out /etc/mobilityd/tls');
  const hosts = unique((values.host ?? []).map(checkHostName));
  const ips = unique((values.ip ?? []).map(checkIpAddress));
  if (hosts.length + ips.length === 0) {
    throw new TlsUsageError('give the names clients reach this host by: --host NAME (e.g. --host "$(hostname -f)") and/or --ip ADDR');
  }
  const days = values.days === undefined ? DEFAULT_TLS_DAYS : checkDays(values.days, MAX_TLS_DAYS);
  return { dir: path.resolve(values.out), hosts, ips, days, force: values.force ?? false };
}

function refuseExisting(certFile: string, keyFile: string): void {
  for (const file of [certFile, keyFile]) {
    if (!fs.existsSync(file)) continue;
    const pinned = file === certFile ? pinnedNote(certFile) : '';
    throw new Error(`${file} already exists: pass --force to replace the key and certificate${pinned}`);
  }
}

function pinnedNote(certFile: string): string {
  try {
    return ` (clients that pin its fingerprint ${fileFingerprint(certFile).fingerprint} will need the new one)`;
  } catch {
    return '';
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
