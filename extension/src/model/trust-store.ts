/**
 * Certificates the engineer trusted on first use, by daemon address (as SSH's
 * known_hosts keys by host): a renamed host keeps its trust, a host moved to
 * another address is asked again. Kept in the extension's global state (this
 * machine, every workspace; not synced): trust in a daemon's certificate is a
 * fact about that daemon, not about a workspace, and settings sync must not
 * carry it to machines that never saw the certificate.
 */
import { normaliseFingerprint } from '../../../client/connection/fingerprint';

export interface TrustedCertificate {
  /** sha256:<64 lower-case hex>. */
  fingerprint: string;
  /** The certificate's subject when it was trusted, for messages. */
  subject: string;
  /** The host's name when it was trusted, for messages. */
  hostName: string;
  /** ISO 8601. */
  trustedAt: string;
}

/** The part of vscode.Memento the store uses (context.globalState). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const TRUST_STATE_KEY = 'mobility.trustedCertificates';

export class TrustStore {
  private readonly listeners = new Set<(address: string) => void>();

  constructor(private readonly state: KeyValueStore) {}

  /** Called with the address whose trust changed. */
  onDidChange(listener: (address: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  trusted(address: string): TrustedCertificate | undefined {
    const entry = this.all()[address];
    return entry && normaliseFingerprint(entry.fingerprint) === entry.fingerprint ? entry : undefined;
  }

  /** Trusts a certificate for an address (replacing what was trusted there). */
  async trust(address: string, certificate: TrustedCertificate): Promise<void> {
    const fingerprint = normaliseFingerprint(certificate.fingerprint);
    if (!fingerprint) throw new Error(`"${certificate.fingerprint}" is not a sha256 fingerprint`);
    await this.state.update(TRUST_STATE_KEY, { ...this.all(), [address]: { ...certificate, fingerprint } });
    this.emit(address);
  }

  /** Forgets the certificate trusted for an address; false when none was. */
  async forget(address: string): Promise<boolean> {
    const all = this.all();
    if (!(address in all)) return false;
    delete all[address];
    await this.state.update(TRUST_STATE_KEY, all);
    this.emit(address);
    return true;
  }

  private all(): Record<string, TrustedCertificate> {
    const value = this.state.get<unknown>(TRUST_STATE_KEY);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const entries = Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, TrustedCertificate] => typeof e[1] === 'object' && e[1] !== null && typeof (e[1] as TrustedCertificate).fingerprint === 'string',
    );
    return Object.fromEntries(entries);
  }

  private emit(address: string): void {
    for (const listener of this.listeners) listener(address);
  }
}
