/**
 * Failed authentications slow a guessing peer down: after `threshold` failures
 * from one host within `windowMs`, that host is refused for `baseMs`, doubling
 * with each further failure up to `maxMs`. A success resets the host. A host
 * that has been refused is forgiven once it stays quiet for `windowMs` after
 * its refusal ends; until then, the next failure doubles the wait again.
 *
 * The caller checks retryAfterMs() before looking at the credentials, and
 * reports the outcome of the ones it did look at (failed/succeeded); an
 * attempt refused by the back-off is not a failure of its own.
 *
 * Memory is bounded: at most `maxHosts` hosts are tracked; the one whose last
 * failure is oldest is forgotten first.
 */
import { peerHostKey } from './peer-host-key';

export interface AuthBackoffOptions {
  /** Failures within windowMs before a host is refused (default 5). */
  threshold?: number;
  /** The first refusal (default 1 s); each further failure doubles it. */
  baseMs?: number;
  /** The longest refusal (default 5 minutes). */
  maxMs?: number;
  /** The window the threshold's failures must fall in, and the quiet time that forgives (default 60 s). */
  windowMs?: number;
  /** Hosts tracked at once (default 10,000). */
  maxHosts?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

interface HostRecord {
  /** Times of the failures in the window, while the host has not been refused yet. */
  recent: number[];
  /** Failures since the host was first refused (0: not refused yet). */
  strikes: number;
  blockedUntil: number;
}

export const AUTH_BACKOFF_DEFAULTS = { threshold: 5, baseMs: 1000, maxMs: 5 * 60_000, windowMs: 60_000, maxHosts: 10_000 } as const;

export class AuthBackoff {
  private readonly hosts = new Map<string, HostRecord>();
  private readonly settings: Required<Omit<AuthBackoffOptions, 'now'>>;
  private readonly now: () => number;

  constructor(options: AuthBackoffOptions = {}) {
    const { now, ...rest } = options;
    this.settings = { ...AUTH_BACKOFF_DEFAULTS, ...definedOnly(rest) };
    for (const [name, value] of Object.entries(this.settings)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`AuthBackoff ${name} must be a whole number from 1, not ${value}`);
    }
    if (this.settings.maxMs < this.settings.baseMs) throw new RangeError(`AuthBackoff maxMs (${this.settings.maxMs}) is below baseMs (${this.settings.baseMs})`);
    this.now = now ?? Date.now;
  }

  /** 0: the host may try; above 0: refuse it now, it may retry after that many milliseconds. */
  retryAfterMs(peerHost: string): number {
    if (this.hosts.size === 0) return 0; // the usual case: nobody failed; no address to parse on every call
    const record = this.current(peerHostKey(peerHost), this.now());
    if (!record) return 0;
    return Math.max(0, record.blockedUntil - this.now());
  }

  failed(peerHost: string): void {
    const key = peerHostKey(peerHost);
    const now = this.now();
    const record = this.current(key, now) ?? { recent: [], strikes: 0, blockedUntil: 0 };
    this.hosts.delete(key); // re-inserted last: the map's order is the order of last failures
    this.hosts.set(key, record);
    this.count(record, now);
    this.evict();
  }

  succeeded(peerHost: string): void {
    if (this.hosts.size === 0) return;
    this.hosts.delete(peerHostKey(peerHost));
  }

  /** Hosts tracked now: 0 while nobody has failed (the gate then skips the peer's address altogether). */
  trackedHosts(): number {
    return this.hosts.size;
  }

  private count(record: HostRecord, now: number): void {
    if (record.strikes === 0) {
      record.recent = record.recent.filter((time) => now - time < this.settings.windowMs);
      record.recent.push(now);
      if (record.recent.length < this.settings.threshold) return;
      record.recent = [];
    }
    record.strikes++;
    const waitMs = this.settings.baseMs * 2 ** Math.min(record.strikes - 1, 40); // capped exponent: no Infinity
    record.blockedUntil = now + Math.min(this.settings.maxMs, waitMs);
  }

  /** The host's record, or undefined once it has nothing left to count. */
  private current(key: string, now: number): HostRecord | undefined {
    const record = this.hosts.get(key);
    if (!record) return undefined;
    const lastSeen = record.strikes > 0 ? record.blockedUntil : Math.max(...record.recent);
    if (now - lastSeen >= this.settings.windowMs) {
      this.hosts.delete(key);
      return undefined;
    }
    return record;
  }

  private evict(): void {
    for (const key of this.hosts.keys()) {
      if (this.hosts.size <= this.settings.maxHosts) return;
      this.hosts.delete(key);
    }
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
