/**
 * What the gRPC interceptor and the REST middleware enforce access with, made
 * once per daemon (daemon.ts) and handed to both servers as `deps.access`.
 */
import type { DaemonConfig } from '../config/daemon-config';
import { AuditLog, auditLogPath } from '../audit/audit-log';
import { AuthBackoff, type AuthBackoffOptions } from './auth-backoff';
import { StreamLimiter } from './stream-limiter';
import { TokenStore } from './token-store';

export interface AccessServices {
  /** Every mutating call and every denied one, one line each. */
  audit: AuditLog;
  /** Failed authentications per peer host. */
  backoff: AuthBackoff;
  /** Open streaming calls per principal. */
  streams: StreamLimiter;
  /** The bearer tokens (--auth-tokens), re-read as the file changes; undefined when none is configured. Closed with the daemon. */
  tokens: TokenStore | undefined;
  /** --tls-client-ca is set: a verified client certificate names its caller (authenticate.ts). */
  clientCertificates: boolean;
}

export function createAccessServices(
  config: Pick<DaemonConfig, 'stateDir' | 'auditLogMaxBytes' | 'maxStreamsPerPrincipal' | 'authTokensFile' | 'tlsClientCa'>,
  /** The back-off's thresholds (tests); its defaults when undefined. */
  backoff?: AuthBackoffOptions,
): AccessServices {
  // First: a token file that cannot be read stops mobilityd with the file and the fix (token-store.ts), before anything is opened.
  const tokens = config.authTokensFile ? new TokenStore(config.authTokensFile) : undefined;
  return {
    tokens,
    clientCertificates: config.tlsClientCa !== '',
    audit: new AuditLog(auditLogPath(config.stateDir), { maxBytes: config.auditLogMaxBytes }),
    backoff: new AuthBackoff(backoff),
    streams: new StreamLimiter(config.maxStreamsPerPrincipal),
  };
}
