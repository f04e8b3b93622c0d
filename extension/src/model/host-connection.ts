/**
 * How the extension dials one host: its address and the ConnectionSecurity
 * the client layer connects with, assembled from the host's `tls` settings,
 * its token (SecretStorage) and the certificate trusted on first use. The
 * client layer does TLS, pinning and the token, and refuses what cannot be
 * safe (a token in clear text beyond this machine); this only decides what to
 * ask it for.
 */
import { createHash } from 'node:crypto';
import type { ConnectionSecurity } from '../../../client/connection/connection-security';
import { SecurityOptionError, type SecurityFiles } from '../../../client/connection/security-files';
import { INVENTORY_VARIABLES } from '../../../client/inventory/inventory-types';
import type { HostEntry } from './host-settings';
import { trustsOnFirstUse } from './host-tls';
import type { TrustedCertificate } from './trust-store';

/** Where the pieces come from: SecretStorage, the trust store, the files. */
export interface SecuritySources {
  token(hostName: string): Promise<string | undefined>;
  trusted(address: string): TrustedCertificate | undefined;
  /** Reads the files (loadConnectionSecurity); rejects with a sentence naming the file and what is wrong. */
  load(files: SecurityFiles): Promise<ConnectionSecurity>;
}

/** The certificate fingerprint a host's daemon must present, and who said so. */
export interface Pin {
  fingerprint: string;
  /** settings: tls.fingerprint; trusted: the engineer trusted it on first use. */
  source: 'settings' | 'trusted';
  trusted?: TrustedCertificate;
}

export interface HostConnection {
  name: string;
  address: string;
  /** What the client is built with ({} for plain gRPC without a token). */
  security: ConnectionSecurity;
  pin?: Pin;
  /** TLS with neither tls.ca nor tls.fingerprint: an unknown certificate may be trusted on first use. */
  trustOnFirstUse: boolean;
  /** Why the host cannot be dialled as configured; nothing is sent to it. */
  problem?: string;
  /** Changes whenever anything the client is built with does (a digest: it never holds the token). */
  key: string;
}

export async function resolveConnection(host: HostEntry, sources: SecuritySources): Promise<HostConnection> {
  const { name, address, tls } = host;
  const token = await sources.token(name);
  const base = { name, address, trustOnFirstUse: trustsOnFirstUse(tls) };
  const trusted = tls && base.trustOnFirstUse ? sources.trusted(address) : undefined;
  const pin: Pin | undefined = tls?.fingerprint
    ? { fingerprint: tls.fingerprint, source: 'settings' }
    : trusted
      ? { fingerprint: trusted.fingerprint, source: 'trusted', trusted }
      : undefined;
  const files: SecurityFiles = {
    ...(tls && { tls: true }),
    ...(tls?.ca !== undefined && { tlsCaFile: tls.ca }),
    ...(pin && { tlsFingerprint: pin.fingerprint }),
    ...(tls?.cert !== undefined && { tlsCertFile: tls.cert, tlsKeyFile: tls.key }),
    ...(token !== undefined && { token }),
    // An inventory host's token file, read at each (re)load; a token set in VS Code overrides it.
    ...(token === undefined && host.inventory?.tokenFile !== undefined && { tokenFile: host.inventory.tokenFile }),
  };
  let security: ConnectionSecurity;
  try {
    security = await sources.load(files);
  } catch (err) {
    const problem = `${host.inventory ? inventoryVariableOf(err) : settingOf(err)} of ${name}: ${err instanceof Error ? err.message : String(err)}`;
    return { ...base, security: {}, ...(pin && { pin }), problem, key: digest({ address, problem }) };
  }
  return { ...base, security, ...(pin && { pin }), key: securityKey(address, security) };
}

/** The setting a loadConnectionSecurity error is about, in the extension's terms. */
function settingOf(err: unknown): string {
  if (!(err instanceof SecurityOptionError)) return 'the connection settings';
  const settings: Partial<Record<keyof SecurityFiles, string>> = {
    tlsCaFile: '"tls.ca"',
    tlsFingerprint: '"tls.fingerprint"',
    tlsCertFile: '"tls.cert"',
    tlsKeyFile: '"tls.key"',
    token: 'the token (Mobility: Set Host Token…)',
  };
  return settings[err.option] ?? 'the connection settings';
}

/** The inventory variable a loadConnectionSecurity error is about, for a host of the inventory. */
function inventoryVariableOf(err: unknown): string {
  if (!(err instanceof SecurityOptionError)) return 'the inventory\'s connection variables';
  const variables: Partial<Record<keyof SecurityFiles, string>> = {
    tlsCaFile: INVENTORY_VARIABLES.tlsCa,
    tlsFingerprint: INVENTORY_VARIABLES.tlsFingerprint,
    tokenFile: INVENTORY_VARIABLES.tokenFile,
    token: 'the token (Mobility: Set Host Token…)',
  };
  return variables[err.option] ?? 'the inventory\'s connection variables';
}

/** A digest of everything a client is built with: equal keys, same client. */
export function securityKey(address: string, security: ConnectionSecurity): string {
  const hash = (b?: Buffer | string) => (b === undefined ? null : createHash('sha256').update(b).digest('hex'));
  return digest({
    address,
    tls: security.tls ?? false,
    ca: hash(security.tlsCa),
    fingerprint: security.tlsFingerprint ?? null,
    cert: hash(security.tlsCert),
    key: hash(security.tlsKey),
    token: hash(security.token),
  });
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Resolves every host's connection at once, for the client pool. Settings,
 * tokens and trust can change while files are read: only the newest call's
 * answer is used (an older one answers undefined).
 */
export class ConnectionResolver {
  private generation = 0;

  constructor(private readonly sources: SecuritySources) {}

  async resolveAll(hosts: readonly HostEntry[]): Promise<HostConnection[] | undefined> {
    const generation = ++this.generation;
    const connections = await Promise.all(hosts.map((host) => resolveConnection(host, this.sources)));
    return generation === this.generation ? connections : undefined;
  }
}
