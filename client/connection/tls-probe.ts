/**
 * One TLS handshake that verifies nothing, to learn what a daemon presents:
 * its certificate (pinning, trust-on-first-use, errors that name it), whether
 * the port speaks TLS at all, and (with a client certificate) whether the
 * daemon accepts that certificate. Never used to carry calls.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ClientError } from '../errors/client-error';
import { transportCause } from '../errors/transport-cause';
import type { ServerCertificate } from './connection-security';
import { describeCertificate } from './describe-certificate';
import { hostAndPort, UNIX_SCHEME } from './host-address';

export interface TlsProbeOptions {
  timeoutMs: number;
  /**
   * Present this certificate and wait for the daemon's first bytes: with TLS
   * 1.3 a daemon refuses a client certificate only after the handshake, with
   * an alert, where a daemon that accepts it starts HTTP/2 (its SETTINGS).
   */
  clientCert?: Buffer;
  clientKey?: Buffer;
}

export type TlsProbe =
  | {
      speaksTls: true;
      certificate: ServerCertificate;
      /** With clientCert: the daemon's refusal of it (the alert), or undefined when it went on. */
      clientCertificateRefusal?: string;
    }
  /** The handshake failed the way it does against a plain port: detail is the short cause. */
  | { speaksTls: false; detail: string };

/** A ClientError when nothing answers: refused, unreachable, or no handshake within timeoutMs. */
export function probeTls(address: string, options: TlsProbeOptions): Promise<TlsProbe> {
  if (address.startsWith(UNIX_SCHEME)) return Promise.resolve({ speaksTls: false, detail: 'a Unix socket carries no TLS' });
  const { host, port } = hostAndPort(address);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      // No SNI for an IP address (RFC 6066); grpc-js speaks h2, so the probe does too.
      servername: net.isIP(host) ? undefined : host,
      ALPNProtocols: ['h2'],
      rejectUnauthorized: false,
      cert: options.clientCert,
      key: options.clientKey,
    });
    let tcpConnected = false;
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      settle();
    };
    const timer = setTimeout(() => {
      const init = { code: 'deadline_exceeded', reason: 'deadline', address, timeoutMs: options.timeoutMs } as const;
      finish(() => reject(new ClientError(`no TLS handshake within ${options.timeoutMs} ms`, init)));
    }, options.timeoutMs);

    socket.once('connect', () => (tcpConnected = true));
    let certificate: ServerCertificate | undefined;
    socket.once('secureConnect', () => {
      const peer = socket.getPeerX509Certificate();
      if (!peer) return finish(() => resolve({ speaksTls: false, detail: 'the daemon presented no certificate' }));
      const seen = describeCertificate(peer);
      certificate = seen;
      if (!options.clientCert) return finish(() => resolve({ speaksTls: true, certificate: seen }));
      socket.once('data', () => finish(() => resolve({ speaksTls: true, certificate: seen })));
      const refusal = 'the daemon closed the connection after the handshake';
      socket.once('close', () => finish(() => resolve({ speaksTls: true, certificate: seen, clientCertificateRefusal: refusal })));
    });
    // One listener for the socket's life: an 'error' without one would crash the process.
    socket.on('error', (err) => {
      if (certificate) return finish(() => resolve({ speaksTls: true, certificate: certificate!, clientCertificateRefusal: tlsAlert(err) }));
      if (tcpConnected) return finish(() => resolve({ speaksTls: false, detail: tlsAlert(err) }));
      const cause = transportCause(err.message);
      const init = { code: 'unavailable', reason: cause.refused ? 'refused' : 'unreachable', address, cause: err } as const;
      finish(() => reject(new ClientError(cause.text, init)));
    });
  });
}

/**
 * OpenSSL's words without its codes and file names:
 * "...:SSL routines:ssl3_read_bytes:tlsv13 alert unknown ca:../deps/..." → "tlsv13 alert unknown ca".
 */
export function tlsAlert(err: Error): string {
  const routine = /SSL routines:[^:]*:([^:]+):/.exec(err.message);
  return routine ? routine[1] : err.message;
}
