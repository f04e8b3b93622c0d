/**
 * Connection security that cannot work, found before anything is sent: TLS
 * options for a Unix socket, half a client certificate, two ways of trusting
 * the daemon at once, a malformed pin, a token about to cross the network in
 * clear text.
 */
import type { ConnectionSecurity } from './connection-security';
import { fingerprintProblem, normaliseFingerprint } from './fingerprint';
import { isLocalAddress, UNIX_SCHEME } from './host-address';
import { isSshAddress } from './ssh-address';

/** TLS is spoken: asked for, or implied by a CA, a pin or a client certificate. */
export function usesTls(security: ConnectionSecurity): boolean {
  return Boolean(security.tls || security.tlsCa || security.tlsFingerprint || security.tlsCert);
}

/** What is wrong with `security` for the normalised `address`, or undefined when nothing is. */
export function connectionSecurityProblem(address: string, security: ConnectionSecurity): string | undefined {
  if (address.startsWith(UNIX_SCHEME) && usesTls(security)) {
    return `${address} is a Unix socket: mobilityd serves no TLS there (the socket file's owner, group and mode guard it); leave out the TLS options for this host`;
  }
  if (isSshAddress(address) && usesTls(security)) {
    return `${address} is reached over SSH, which encrypts and authenticates the connection, to mobilityd's Unix socket (no TLS there); leave out the TLS options for this host`;
  }
  if (Boolean(security.tlsCert) !== Boolean(security.tlsKey)) {
    return security.tlsCert
      ? 'a client certificate needs its private key: give --tls-key FILE with --tls-cert'
      : 'a private key needs its client certificate: give --tls-cert FILE with --tls-key';
  }
  if (security.tlsCa && security.tlsFingerprint) {
    return 'trust the daemon one way: a CA (--tls-ca) or a pinned certificate (--tls-fingerprint), not both';
  }
  if (security.tlsFingerprint !== undefined && !normaliseFingerprint(security.tlsFingerprint)) {
    return `--tls-fingerprint: ${fingerprintProblem(security.tlsFingerprint)}`;
  }
  if (security.token !== undefined && !/^[\x21-\x7e]+$/.test(security.token)) {
    // Never quote it: it is a secret, however malformed.
    return 'the token is empty or has characters a token cannot have (spaces, control characters or non-ASCII)';
  }
  // SSH encrypts the token's way (ssh-tunnel.ts).
  if (security.token !== undefined && !usesTls(security) && !isSshAddress(address) && !isLocalAddress(address)) {
    return (
      `refusing to send the token in clear text to ${address}, beyond this machine: ` +
      'connect with TLS (--tls-ca FILE, --tls-fingerprint sha256:..., or --tls when a public CA signed the daemon\'s certificate)'
    );
  }
  return undefined;
}
