/**
 * How a client reaches a secured mobilityd: TLS (trusting a CA, or pinning the
 * daemon's certificate by its fingerprint), a client certificate for mTLS, and
 * a bearer token. The one place connection security is decided for every
 * client: mobilityctl, the extension, the tests and the benchmarks.
 *
 * AgentControlClient takes it (secure-channel.ts makes the channel);
 * security-files.ts builds it from file names; server-certificate.ts reads a
 * daemon's certificate before it is trusted.
 */

import type { SshTransportOptions } from './ssh-options';

/** What a caller knows about a daemon's security; all optional: none means plain TCP, no token. */
export interface ConnectionSecurity {
  /** Speak TLS. Implied by tlsCa, tlsFingerprint and tlsCert; alone it trusts the system's CAs. */
  tls?: boolean;
  /** PEM CA certificates (contents) that sign the daemon's certificate. */
  tlsCa?: Buffer;
  /** The daemon's certificate's fingerprint, sha256:<64 hex>: trusted whoever signed it, host name not checked. */
  tlsFingerprint?: string;
  /** PEM client certificate and key (contents) for mTLS. */
  tlsCert?: Buffer;
  tlsKey?: Buffer;
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /** For ssh:// addresses: the ssh program, extra ssh options, the remote mobilityd; default from $MOBILITY_SSH_* (ssh-options.ts). */
  ssh?: SshTransportOptions;
}

/** The certificate a daemon presents, as read before trusting it (for a trust-on-first-use prompt). */
export interface ServerCertificate {
  /** sha256:<64 lower-case hex> of the DER certificate, as `mobilityd tls init` prints it. */
  fingerprint: string;
  /** Subject CN (or the whole subject when it has no CN). */
  subject: string;
  issuer: string;
  /** The names and addresses in subjectAltName, e.g. ["DNS:web-01", "IP Address:10.0.0.4"]. */
  subjectAltNames: string[];
  validFrom: Date;
  validTo: Date;
  /** Issuer equals subject. */
  selfSigned: boolean;
  /** The certificate as PEM. */
  pem: string;
}
