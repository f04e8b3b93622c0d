/**
 * The grpc-js credentials (and the channel options that go with them) for a
 * ConnectionSecurity: plain, TLS trusting a CA or the system's CAs, or TLS
 * pinned to one certificate, with a client certificate for mTLS.
 */
import * as grpc from '@grpc/grpc-js';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { PIN_MISMATCH } from '../errors/tls-cause';
import type { ConnectionSecurity } from './connection-security';
import { certificateFingerprint } from './fingerprint';
import { hostAndPort } from './host-address';
import { usesTls } from './security-problem';

/**
 * What is sent as the TLS server name (SNI) to an IP address. grpc-js would
 * send the IP itself, which RFC 6066 forbids and Node.js warns about on
 * stderr (DEP0123); the name is checked against the IP all the same.
 */
const SERVER_NAME_FOR_IP = 'mobilityd';

export interface ChannelSetup {
  credentials: grpc.ChannelCredentials;
  options: grpc.ClientOptions;
}

/**
 * `nameOverride` is a caller's grpc.ssl_target_name_override, the name the
 * certificate must carry instead of the address's host. `pinnedPem` is the pinned certificate as the daemon presented it (read by
 * the pin check before the channel is made): it becomes the channel's only
 * root, and the fingerprint is compared again on every handshake.
 */
export function channelSetup(address: string, security: ConnectionSecurity, pinnedPem?: string, nameOverride?: string): ChannelSetup {
  if (!usesTls(security)) return { credentials: grpc.credentials.createInsecure(), options: {} };
  const { host } = hostAndPort(address);
  // grpc-js hands checkServerIdentity its override of the name; the certificate must name the host (or the caller's override).
  const name = nameOverride ?? host;
  const pin = security.tlsFingerprint;
  const secureContext = tls.createSecureContext({
    ca: pin ? pinnedPem : security.tlsCa,
    cert: security.tlsCert,
    key: security.tlsKey,
    // A pinned certificate a CA signed is trusted by itself, without its CA (Node.js 20.18+).
    ...(pin ? { allowPartialTrustChain: true } : {}),
  });
  const checkServerIdentity = pin ? pinCheck(pin) : (_name: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(name, cert);
  return {
    credentials: grpc.credentials.createFromSecureContext(secureContext, { checkServerIdentity }),
    options: net.isIP(host) && nameOverride === undefined ? { 'grpc.ssl_target_name_override': SERVER_NAME_FOR_IP } : {},
  };
}

/** The pin is the identity: the fingerprint decides, and the host name is not checked. */
function pinCheck(pin: string): (name: string, cert: tls.PeerCertificate) => Error | undefined {
  return (_name, cert) => {
    const presented = certificateFingerprint(cert.raw);
    return presented === pin ? undefined : new Error(`${PIN_MISMATCH}: the daemon presented ${presented}, ${pin} is pinned`);
  };
}
