/**
 * When a host's certificate needs the engineer: an unknown certificate on a
 * host that trusts on first use is shown once, with the choice to trust it; a
 * certificate that is not the pinned one is refused with a warning that
 * stands out, once per certificate, never re-prompting to trust it (SSH's
 * rule: only someone who knows it was renewed may accept it, on purpose, with
 * Forget Trusted Certificate). Each host is told again only after it has been
 * fine in between, or when it presents yet another certificate.
 */
import type { HostConnection } from './host-connection';
import type { HostSnapshot } from './host-snapshot';

export type CertificateAlert =
  /** Show the certificate and ask whether to trust it. */
  | { kind: 'askTrust'; name: string; address: string; presented?: string }
  /** Refused: tell, loudly, what was presented and what is trusted. */
  | { kind: 'changed'; name: string; address: string; presented?: string; connection: HostConnection };

export class CertificateAlerts {
  /** Per host, the last alert given (kind and certificate). */
  private readonly told = new Map<string, string>();
  private askingStopped = false;

  /** What a host's newest snapshot calls for, if anything; remembers it, so each alert comes once. */
  next(name: string, snapshot: HostSnapshot, connection: HostConnection | undefined): CertificateAlert | undefined {
    if (snapshot.kind === 'ok') {
      this.told.delete(name);
      return undefined;
    }
    if (!connection) return undefined;
    const { address } = connection;
    if (snapshot.kind === 'untrusted') {
      // A host with tls.ca or tls.fingerprint trusts only those: nothing to offer.
      if (!connection.trustOnFirstUse || connection.pin || this.askingStopped) return undefined;
      return this.once(name, `trust ${snapshot.presented ?? ''}`, { kind: 'askTrust', name, address, presented: snapshot.presented });
    }
    // A refusal of the pin this connection still has (not one from before it was forgotten or changed).
    if (snapshot.kind === 'certificateChanged' && connection.pin?.fingerprint === snapshot.pinned) {
      return this.once(name, `changed ${snapshot.presented ?? ''} ${snapshot.pinned}`, { kind: 'changed', name, address, presented: snapshot.presented, connection });
    }
    return undefined;
  }

  /** The engineer declined to review certificates: no more prompts by themselves this session (Trust Certificate… still asks). */
  stopAsking(): void {
    this.askingStopped = true;
  }

  /** Forget what a host was told (its certificate was forgotten or its settings changed): the next trouble is told again. */
  reset(name: string): void {
    this.told.delete(name);
  }

  private once(name: string, key: string, alert: CertificateAlert): CertificateAlert | undefined {
    if (this.told.get(name) === key) return undefined;
    this.told.set(name, key);
    return alert;
  }
}
