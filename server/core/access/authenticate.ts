/**
 * Who is calling: from what the transport knows about a caller (Unix socket or
 * TCP, its peer address, the authorization header, a verified client
 * certificate) to a Principal with a role, or a refusal that says why and how
 * to get a credential. Pure: the adapters (gRPC interceptor, REST guard) read
 * the facts, the token store checks tokens.
 *
 *  - A bearer token, when tokens are configured, is always checked and decides
 *    (over a Unix socket too, where it then names the caller; beside a client
 *    certificate too, where it decides the role). A bad one is refused even
 *    where no credential was needed: the caller meant to be someone.
 *  - Unix socket callers are operators ("unix"): the socket file's mode and
 *    group already decided who may connect, as with Docker's socket.
 *  - A client certificate the TLS handshake verified names the caller by its
 *    subject CN; it is an operator unless its OU is "viewer".
 *  - With neither tokens nor a client CA configured, TCP callers are operators:
 *    "local" from loopback, "anonymous" from elsewhere (--allow-insecure).
 *  - Otherwise a TCP caller without a credential is refused.
 */
import { AppError } from '../errors/app-error';
import type { Role } from './roles';
import type { TokenCheck } from './token-store';

export type Transport = 'unix' | 'tcp';

export type PrincipalKind = 'unix' | 'local' | 'anonymous' | 'token' | 'certificate';

export interface Principal {
  kind: PrincipalKind;
  /** The token's name, the certificate's CN, or the kind itself for the others. */
  name: string;
  role: Role;
  /**
   * Unambiguous across kinds (a token may be named "unix"): "token:ci",
   * "cert:alice", "unix", "local", "anonymous". The audit log's principal and
   * the key streams are counted by.
   */
  id: string;
}

/** What certificate-identity.ts reads from a verified client certificate. */
export interface CertificateFacts {
  subject: string;
  organizationalUnit?: string;
  fingerprint: string;
}

export interface CallerFacts {
  transport: Transport;
  /** The TCP connection is TLS. */
  tls: boolean;
  /** The peer's address without the port ("" for a Unix socket). */
  peerHost: string;
  /** The authorization header's value as sent; undefined when absent. */
  authorization: string | undefined;
  /**
   * The client certificate, only one the TLS handshake verified against the
   * client CA. A function: reading it costs, and it is needed only when no
   * token decides.
   */
  readCertificate(): CertificateFacts | undefined;
}

/** The token store (token-store.ts), or a stand-in in unit tests. */
export interface TokenChecker {
  check(token: string): TokenCheck;
}

export interface AuthSettings {
  /** The token store; undefined when no --auth-tokens file is configured. */
  tokens: TokenChecker | undefined;
  /** --tls-client-ca is configured: verified client certificates are credentials. */
  clientCertificates: boolean;
}

export type RefusalReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked' | 'unreadable' | 'no-subject';

const REFUSAL_DETAILS: Record<RefusalReason, string> = {
  missing: 'no credentials',
  malformed: 'malformed authorization header',
  unknown: 'unknown token',
  expired: 'token expired',
  revoked: 'token revoked',
  unreadable: 'token file unreadable',
  'no-subject': 'certificate without subject',
};

/** UNAUTHENTICATED (401), or UNAVAILABLE when the token file cannot be read. */
export class AuthRefusal extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** The principal id the credential claimed (an expired or revoked token's "token:NAME"), for the audit line. */
    readonly claimed?: string,
  ) {
    super(reason === 'unreadable' ? 'unavailable' : 'unauthenticated', message);
  }

  /** A credential was presented and was wrong: what back-off counts (a missing one is not a guess). */
  get failedCredential(): boolean {
    return this.reason !== 'missing' && this.reason !== 'unreadable';
  }

  /** The audit line's detail. */
  get detail(): string {
    return REFUSAL_DETAILS[this.reason];
  }
}

export type Authentication = { principal: Principal; refusal?: undefined } | { principal?: undefined; refusal: AuthRefusal };

export const HOW_TO_GET_A_TOKEN =
  'to get a token, an administrator runs `mobilityd token create --tokens FILE --name NAME --role viewer|operator` on the host; ' +
  'give it to mobilityctl with --token-file FILE or the MOBILITY_TOKEN environment variable, or in VS Code with "Mobility: Set Host Token…"';

const BEARER = /^bearer +(\S+) *$/i;
/** Longer than any token `mobilityd token create` makes (token-secret.ts): refused before hashing. */
const TOKEN_MAX_CHARS = 256;

// Built once: the principals that need no credential are the same object for every call.
const UNIX: Principal = { kind: 'unix', name: 'unix', role: 'operator', id: 'unix' };
const LOCAL: Principal = { kind: 'local', name: 'local', role: 'operator', id: 'local' };
const ANONYMOUS: Principal = { kind: 'anonymous', name: 'anonymous', role: 'operator', id: 'anonymous' };

export function authenticate(facts: CallerFacts, settings: AuthSettings): Authentication {
  if (facts.authorization !== undefined && settings.tokens) return tokenPrincipal(facts.authorization, settings.tokens);
  if (facts.transport === 'unix') return { principal: UNIX };
  const certificate = settings.clientCertificates && facts.tls ? facts.readCertificate() : undefined;
  if (certificate) return certificatePrincipal(certificate);
  if (!settings.tokens && !settings.clientCertificates) return { principal: isLoopback(facts.peerHost) ? LOCAL : ANONYMOUS };
  return { refusal: new AuthRefusal('missing', missingMessage(settings)) };
}

/** True when no TCP caller needs a credential: the zero-config default. */
export function credentialsNeeded(settings: AuthSettings): boolean {
  return settings.tokens !== undefined || settings.clientCertificates;
}

function tokenPrincipal(authorization: string, tokens: TokenChecker): Authentication {
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined || token.length > TOKEN_MAX_CHARS) {
    // Never quote the header: it is meant to carry a secret.
    return refuse('malformed', `the authorization header is not "Bearer TOKEN" with one mobilityd token; send exactly that; ${HOW_TO_GET_A_TOKEN}`);
  }
  const verdict = tokens.check(token);
  if (verdict.ok) return admittedToken(verdict);
  switch (verdict.reason) {
    case 'expired':
      return refuse('expired', `${tokenLabel(verdict.name)} has expired; ask for a new one: ${HOW_TO_GET_A_TOKEN}`, verdict.name);
    case 'revoked':
      return refuse('revoked', `${tokenLabel(verdict.name)} was revoked; ask for a new one: ${HOW_TO_GET_A_TOKEN}`, verdict.name);
    case 'unreadable':
      return refuse(
        'unreadable',
        'mobilityd cannot read its token file now, so it cannot check any token; retry later. ' +
          "The host's administrator finds the reason in mobilityd's output and fixes the file (--auth-tokens)",
      );
    default:
      return refuse(
        'unknown',
        `the bearer token is not one this mobilityd knows (mistyped, made for another host, or removed from its token file); ${HOW_TO_GET_A_TOKEN}`,
      );
  }
}

/**
 * The token store answers a valid token with the same object on every call
 * (token-store.ts), so its principal is made once, not per call: this is the
 * hot path of every call with a token.
 */
const tokenAuthentications = new WeakMap<TokenCheck, Authentication>();

function admittedToken(verdict: Extract<TokenCheck, { ok: true }>): Authentication {
  let known = tokenAuthentications.get(verdict);
  if (!known) {
    known = Object.freeze({ principal: Object.freeze<Principal>({ kind: 'token', name: verdict.name, role: verdict.role, id: `token:${verdict.name}` }) });
    tokenAuthentications.set(verdict, known);
  }
  return known;
}

function tokenLabel(name: string | undefined): string {
  return name === undefined ? 'the token' : `token ${name}`;
}

function certificatePrincipal(certificate: CertificateFacts): Authentication {
  if (certificate.subject === '') {
    return refuse('no-subject', `the client certificate (${certificate.fingerprint}) has no subject CN to name its holder; ask for a certificate with a CN`);
  }
  const role: Role = certificate.organizationalUnit === 'viewer' ? 'viewer' : 'operator';
  return { principal: { kind: 'certificate', name: certificate.subject, role, id: `cert:${certificate.subject}` } };
}

function missingMessage(settings: AuthSettings): string {
  if (!settings.tokens) {
    return (
      'no client certificate: this mobilityd accepts TCP callers only with a client certificate signed by the CA it trusts ' +
      "(--tls-client-ca); connect over TLS with one (the host's administrator issues them), or over its Unix socket on the host"
    );
  }
  const certificate = settings.clientCertificates ? ' or a client certificate signed by the CA it trusts (--tls-client-ca)' : '';
  return `no credentials: this mobilityd needs a bearer token (header authorization: Bearer TOKEN)${certificate}; ${HOW_TO_GET_A_TOKEN}`;
}

function refuse(reason: RefusalReason, message: string, tokenName?: string): Authentication {
  return { refusal: new AuthRefusal(reason, message, tokenName === undefined ? undefined : `token:${tokenName}`) };
}

/** 127.0.0.0/8, ::1, and the IPv4-mapped form of 127.0.0.0/8 a dual-stack socket reports. */
export function isLoopback(host: string): boolean {
  if (host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return v4.startsWith('127.');
}
