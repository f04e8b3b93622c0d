/**
 * The one sequence every call passes, over gRPC and REST alike, before its
 * handler runs: back-off for its peer, authentication, the role check; then,
 * for a streaming call, a stream slot. The adapters (server/grpc/
 * access-interceptor.ts, server/rest/access-guard.ts) read the caller facts
 * and answer the refusals in their own vocabulary; what is decided, and what
 * the audit line says, is decided here.
 */
import type { AppError } from '../errors/app-error';
import type { AuditEntry } from '../audit/audit-log';
import type { AccessServices } from './access-services';
import { authenticate, credentialsNeeded, type AuthSettings, type CallerFacts, type Principal } from './authenticate';
import { authorize } from './authorize';
import { BackoffRefusal, tooManyStreams } from './limit-refusals';
import type { Requirement } from './roles';

/** Admitted (principal), or refused; a refused caller may still be known (a viewer asking for an operator's call). */
export type Admission =
  | { principal: Principal; refusal?: undefined }
  | {
      principal: Principal | undefined;
      refusal: AppError;
      /** The audit line's principal: the principal's id, what a bad credential claimed ("token:ci"), or "-". */
      caller: string;
      detail: string;
    };

/** The catalog's view of which logs only operators read (log-catalog.ts). */
export interface RestrictedLogs {
  isRestricted(name: string): boolean;
}

export type AuditRecord = Omit<AuditEntry, 'time'>;

const uncounted = () => undefined;

export class AccessGate {
  /** False on the zero-config default: TCP callers need nothing, and only Unix callers with a token are checked. */
  readonly credentialsNeeded: boolean;
  readonly tokensConfigured: boolean;

  private readonly settings: AuthSettings;

  constructor(
    private readonly services: AccessServices,
    private readonly logs: RestrictedLogs,
  ) {
    this.settings = { tokens: services.tokens, clientCertificates: services.clientCertificates };
    this.credentialsNeeded = credentialsNeeded(this.settings);
    this.tokensConfigured = services.tokens !== undefined;
  }

  /** `what` names the call in a refusal ("Install"). */
  admit(facts: CallerFacts, need: Requirement, what: string): Admission {
    // Not over a Unix socket: its callers are operators already (a guess gains them nothing), and the
    // socket, the administrator's way in, must never be locked by one of them.
    const counted = facts.transport === 'tcp';
    const backoff = this.services.backoff;
    // The peer's address is read (formatted, for gRPC) only while some peer has failed: the usual call skips it.
    const watched = counted && backoff.trackedHosts() > 0;
    const waitMs = watched ? backoff.retryAfterMs(facts.peerHost) : 0;
    if (waitMs > 0) {
      return { principal: undefined, refusal: new BackoffRefusal(facts.peerHost, waitMs), caller: '-', detail: 'back-off after failed authentications' };
    }
    const authentication = authenticate(facts, this.settings);
    const { principal, refusal } = authentication;
    if (refusal) {
      if (counted && refusal.failedCredential) backoff.failed(facts.peerHost);
      return { principal: undefined, refusal, caller: refusal.claimed ?? '-', detail: refusal.detail };
    }
    // Only a checked credential clears the peer's failures: a Unix or loopback caller proved nothing.
    if (watched && (principal.kind === 'token' || principal.kind === 'certificate')) backoff.succeeded(facts.peerHost);
    const denied = authorize(principal, need, what);
    // Admitted: authenticate's own answer, often one it keeps per token (no object made per call).
    return denied ? { principal, refusal: denied, caller: principal.id, detail: `needs ${need}` } : authentication;
  }

  /** TailLog of a log only operators read (the audit log), by a viewer: PERMISSION_DENIED. */
  checkLog(principal: Principal, log: string): AppError | undefined {
    if (!this.logs.isRestricted(log)) return undefined;
    return authorize(principal, 'operator', `TailLog of the ${log} log`);
  }

  /**
   * A stream slot: call the result when the call ends, however it ends; the
   * refusal at the principal's limit. Callers on the host itself (the Unix
   * socket, loopback without credentials configured) are not counted: the
   * limit keeps a remote caller (a stolen token, a runaway script elsewhere)
   * from holding every descriptor, and the zero-config default serves as many
   * followers as it always did (docs/performance.md: hundreds).
   */
  openStream(principal: Principal): (() => void) | AppError {
    if (principal.kind === 'unix' || principal.kind === 'local') return uncounted;
    return this.services.streams.acquire(principal.id) ?? tooManyStreams(principal, this.services.streams.limit);
  }

  /** principal: Principal.id, or an Admission's caller. */
  record(entry: AuditRecord): void {
    this.services.audit.record(entry);
  }
}
