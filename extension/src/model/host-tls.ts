/**
 * The `tls` key of a mobility.hosts entry: how the extension protects its
 * connection to that host's mobilityd.
 *
 *   absent or false           plain gRPC (loopback daemons, Unix sockets)
 *   true (or {})              TLS, trusting the system's CAs; a certificate they do not
 *                             vouch for is shown once and, if trusted, pinned (trust on first use)
 *   { "ca": FILE }            TLS, trusting only the CA certificates in FILE (no prompt)
 *   { "fingerprint": "sha256:..." }  TLS, trusting only the certificate with that fingerprint
 *   { "cert": FILE, "key": FILE }    a client certificate (mTLS), with any of the above
 *
 * A bad `tls` skips the host rather than falling back to plain gRPC: a typo
 * must never send a token in clear text.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintProblem, normaliseFingerprint } from '../../../client/connection/fingerprint';

export interface HostTls {
  /** Absolute path of a PEM file of the CA certificates that sign the daemon's certificate. */
  ca?: string;
  /** sha256:<64 lower-case hex>: the daemon's certificate, whoever signed it. */
  fingerprint?: string;
  /** Absolute paths of the client certificate and its key (PEM), for mTLS. */
  cert?: string;
  key?: string;
}

const TLS_KEYS = ['ca', 'fingerprint', 'cert', 'key'] as const;
const FILE_KEYS = ['ca', 'cert', 'key'] as const;
export const TLS_EXAMPLE = '"tls": true, or "tls": { "ca": "/etc/mobility/ca.crt" }, or "tls": { "fingerprint": "sha256:..." }';

/** The parsed setting: `tls` undefined means plain gRPC; `problem` means the entry must be skipped. */
export type TlsParse = { tls?: HostTls; problem?: undefined } | { tls?: undefined; problem: string };

export function parseTlsSetting(value: unknown, address: string, homeDir: string = os.homedir()): TlsParse {
  if (value === undefined || value === false) return {};
  if (address.startsWith('unix:')) {
    return { problem: '"tls" applies to TCP addresses only (a Unix socket is protected by its file permissions); remove it or use a host:port address' };
  }
  if (value === true) return { tls: {} };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `"tls" must be true, false or an object; write ${TLS_EXAMPLE}` };
  }
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !(TLS_KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    return { problem: `"tls" has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; it takes "ca", "fingerprint", "cert" and "key" (a token is set with Mobility: Set Host Token…, never in settings)` };
  }
  const tls: HostTls = {};
  for (const key of FILE_KEYS) {
    if (raw[key] === undefined) continue;
    const file = filePath(raw[key], homeDir);
    if (typeof file !== 'string') return { problem: `"tls.${key}" ${file.problem}` };
    tls[key] = file;
  }
  if (raw.fingerprint !== undefined) {
    if (typeof raw.fingerprint !== 'string') return { problem: '"tls.fingerprint" must be a string: sha256: followed by 64 hex digits' };
    const fingerprint = normaliseFingerprint(raw.fingerprint);
    if (!fingerprint) return { problem: `"tls.fingerprint": ${fingerprintProblem(raw.fingerprint)}` };
    tls.fingerprint = fingerprint;
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    return { problem: `"tls.cert" and "tls.key" go together (a client certificate and its private key); "tls.${tls.cert ? 'key' : 'cert'}" is missing` };
  }
  if (tls.ca !== undefined && tls.fingerprint !== undefined) {
    return { problem: '"tls" has both "ca" and "fingerprint"; give one: the CA that signs the certificate, or the certificate\'s own fingerprint' };
  }
  return { tls };
}

function filePath(value: unknown, homeDir: string): string | { problem: string } {
  if (typeof value !== 'string' || value.trim() === '') return { problem: 'must be the path of a file, e.g. "/etc/mobility/ca.crt"' };
  if (value.includes('-----BEGIN')) return { problem: 'must be the path of a PEM file, not its contents (a private key never belongs in settings)' };
  const expanded = value === '~' || value.startsWith('~/') ? path.join(homeDir, value.slice(1)) : value;
  if (!path.isAbsolute(expanded)) return { problem: `"${value}" is not an absolute path; write the full path (or ~/...) of the file on this machine` };
  return path.normalize(expanded);
}

/** TLS that may ask the engineer to trust a certificate nobody vouches for: neither a CA nor a fingerprint is configured. */
export function trustsOnFirstUse(tls: HostTls | undefined): boolean {
  return tls !== undefined && tls.ca === undefined && tls.fingerprint === undefined;
}

/** One line for a tooltip: how the extension protects the connection. */
export function tlsSummary(tls: HostTls | undefined): string {
  if (!tls) return 'plain gRPC (no TLS)';
  const trust = tls.ca ? `CA ${tls.ca}` : tls.fingerprint ? `certificate ${tls.fingerprint}` : 'system CAs, or a certificate trusted on first use';
  return `TLS, trusting ${trust}${tls.cert ? `, client certificate ${tls.cert}` : ''}`;
}
