/**
 * The RESOURCE_EXHAUSTED answers of access control: a peer that failed to
 * authenticate too often waits (auth-backoff.ts), and a principal holds at
 * most so many streams at once (stream-limiter.ts).
 */
import { AppError } from '../errors/app-error';
import type { Principal } from './authenticate';
import { describePrincipal } from './authorize';

/** RESOURCE_EXHAUSTED with the wait, which REST also sends as Retry-After. */
export class BackoffRefusal extends AppError {
  /** Whole seconds, rounded up (Retry-After's unit), at least 1. */
  readonly retryAfterSeconds: number;

  constructor(peer: string, retryAfterMs: number, now = Date.now()) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      'resource_exhausted',
      `too many failed authentications from ${peer || 'this peer'}; retry after ${seconds} s ` +
        `(at ${new Date(now + seconds * 1000).toISOString()}) with a valid credential`,
    );
    this.retryAfterSeconds = seconds;
  }
}

export function tooManyStreams(principal: Principal, max: number): AppError {
  return new AppError(
    'resource_exhausted',
    `too many open streams for ${describePrincipal(principal)} (${max}); close some (log follows, job watches, uploads) and retry`,
  );
}
