/**
 * The certificate a daemon presents, read without trusting it: for a
 * trust-on-first-use prompt (the extension), and for errors that must name
 * the certificate they refused (its fingerprint, its names, its expiry).
 */
import { ClientError } from '../errors/client-error';
import type { ServerCertificate } from './connection-security';
import { parseHostAddress } from './host-address';
import { probeTls } from './tls-probe';

/**
 * Connects, completes a TLS handshake without verifying anything, and answers
 * what the daemon presented. A ClientError when nothing answers (refused,
 * unreachable, deadline) or the address does not speak TLS (reason 'tls').
 */
export async function fetchServerCertificate(address: string, timeoutMs: number): Promise<ServerCertificate> {
  const target = parseHostAddress(address);
  const probe = await probeTls(target, { timeoutMs });
  if (!probe.speaksTls) {
    throw new ClientError(`${target} does not speak TLS (${probe.detail}): the daemon there serves plain gRPC, so it has no certificate`, {
      code: 'unavailable',
      reason: 'tls',
      address: target,
    });
  }
  return probe.certificate;
}
