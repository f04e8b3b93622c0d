/**
 * No silent exposure: a TCP listener beyond loopback needs TLS and a way to
 * tell callers apart (bearer tokens or client certificates). This decides, from
 * the configuration alone, whether mobilityd may start, and what GetStatus says
 * about its security.
 */
import type { DaemonConfig } from '../config/daemon-config';

export interface Exposure {
  /** TCP addresses (gRPC and REST) that are neither loopback nor Unix sockets. */
  exposedAddresses: string[];
  /** The flags missing for those addresses, e.g. ["--tls-cert FILE and --tls-key FILE"]; empty when none is. */
  missing: string[];
  /** Set when the daemon runs exposed with something missing (--allow-insecure): what a client should be told. */
  insecureReason: string;
}

type SecurityConfig = Pick<DaemonConfig, 'listen' | 'restListen' | 'tlsCert' | 'tlsClientCa' | 'authTokensFile' | 'allowInsecure'>;

export function assessExposure(config: SecurityConfig): Exposure {
  const exposedAddresses = [...config.listen, ...config.restListen].filter((address) => !isLocalAddress(address));
  const missing: string[] = [];
  if (exposedAddresses.length > 0) {
    if (config.tlsCert === '') missing.push('--tls-cert FILE and --tls-key FILE (mobilityd tls init --out DIR --host NAME makes them)');
    if (config.authTokensFile === '' && config.tlsClientCa === '') {
      missing.push('--auth-tokens FILE (mobilityd token create makes one) or --tls-client-ca FILE');
    }
  }
  const insecureReason =
    missing.length > 0
      ? `listening on ${exposedAddresses.join(', ')} beyond loopback without ${missing.length === 2 ? 'TLS and credentials' : config.tlsCert === '' ? 'TLS' : 'credentials'}: anyone who reaches it may drive this host`
      : '';
  return { exposedAddresses, missing, insecureReason };
}

/**
 * The refusal mobilityd exits with, or undefined when it may start (nothing is
 * missing, or --allow-insecure was given).
 */
export function exposureRefusal(config: SecurityConfig): string | undefined {
  const exposure = assessExposure(config);
  if (exposure.missing.length === 0 || config.allowInsecure) return undefined;
  return (
    `refusing to listen on ${exposure.exposedAddresses.join(', ')}: beyond loopback mobilityd needs TLS and ` +
    `credentials, and it lacks ${exposure.missing.join('; and ')}. ` +
    'To accept the risk (anyone who reaches the port may install software as root), add --allow-insecure'
  );
}

/** The line mobilityd prints at start when it runs exposed under --allow-insecure, or undefined. */
export function insecureWarning(config: SecurityConfig): string | undefined {
  const { insecureReason } = assessExposure(config);
  return insecureReason ? `WARNING: insecure (--allow-insecure): ${insecureReason}` : undefined;
}

/** A unix:// socket, or a TCP address on a loopback name or address. */
export function isLocalAddress(address: string): boolean {
  if (address.startsWith('unix:')) return true;
  const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::ffff:127.0.0.1';
}
