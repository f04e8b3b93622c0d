/**
 * The grpc-js client an AgentControlClient calls through, made with the
 * connection's security: plain or TLS, a client certificate, the bearer token
 * on every call. A pinned certificate needs a look at the daemon before the
 * channel can trust it, so the channel is made on the first call (open());
 * without a pin it is made at once. Failures are explained (explain()) in the
 * terms of the security asked for.
 */
import * as grpc from '@grpc/grpc-js';
import { ClientError, type CallContext } from '../errors/client-error';
import { bearerTokenInterceptor } from './bearer-token';
import { channelSetup } from './channel-credentials';
import type { ConnectionSecurity } from './connection-security';
import { explainFailure, EXPLAIN_TIMEOUT_MS } from './explain-failure';
import { normaliseFingerprint } from './fingerprint';
import { parseHostAddress } from './host-address';
import { notTlsError, pinMismatchError, securityOptionError } from './security-errors';
import { connectionSecurityProblem } from './security-problem';
import { probeTls } from './tls-probe';
import { isSshAddress, parseSshAddress } from './ssh-address';
import { sshUnreachableError } from './ssh-failure';
import { sshOptionsFromEnv } from './ssh-options';
import { SshTunnel } from './ssh-tunnel';

export class SecureChannel {
  /** The normalised address, e.g. 127.0.0.1:50051 or unix:///run/mobilityd/mobilityd.sock. */
  readonly address: string;
  private readonly security: ConnectionSecurity;
  private readonly options: grpc.ClientOptions;
  private client?: grpc.Client;
  private opening?: Promise<grpc.Client>;
  private closed = false;
  /** For an ssh:// address: the local socket grpc-js dials, which runs ssh per connection. */
  private readonly tunnel?: SshTunnel;

  /** Throws AddressError for a malformed address, and a 'tls' ClientError for security that cannot work there. */
  constructor(address: string, options: grpc.ClientOptions, security: ConnectionSecurity) {
    this.address = parseHostAddress(address);
    const problem = connectionSecurityProblem(this.address, security);
    if (problem) throw securityOptionError(problem, { address: this.address });
    this.security = security.tlsFingerprint ? { ...security, tlsFingerprint: normaliseFingerprint(security.tlsFingerprint) } : security;
    const interceptors = [...(options.interceptors ?? []), ...(security.token !== undefined ? [bearerTokenInterceptor(security.token)] : [])];
    this.options = { ...options, interceptors };
    if (isSshAddress(this.address)) this.tunnel = new SshTunnel(parseSshAddress(this.address), security.ssh ?? sshOptionsFromEnv(process.env));
    else if (!this.security.tlsFingerprint) this.client = this.make();
  }

  /** The grpc-js client; with a pin, made once the daemon has shown the pinned certificate. */
  open(context: CallContext = {}): Promise<grpc.Client> {
    if (this.client) return Promise.resolve(this.client);
    // A failed look is not kept: the next call looks again (the daemon may be back, or renewed).
    const open = () => (this.tunnel ? this.tunnelled(this.tunnel) : this.pinned(context.timeoutMs ?? EXPLAIN_TIMEOUT_MS));
    this.opening ??= open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** A call's failure, explained when it was the connection's security (see explain-failure.ts). */
  explain(err: unknown, context: CallContext): Promise<unknown> {
    const sshFailure = this.tunnel?.lastFailure();
    if (sshFailure && err instanceof ClientError && err.unreachable) return Promise.resolve(sshUnreachableError(sshFailure, { ...context, address: this.address }, err));
    return explainFailure(err, this.address, this.security, context);
  }

  close(): void {
    this.closed = true;
    this.client?.close();
    this.tunnel?.close();
  }

  private make(pinnedPem?: string): grpc.Client {
    const override = this.options['grpc.ssl_target_name_override'] as string | undefined;
    const setup = channelSetup(this.address, this.security, pinnedPem, override);
    const client = new grpc.Client(this.tunnel?.localAddress ?? this.address, setup.credentials, { ...setup.options, ...this.options });
    if (this.closed) client.close(); // closed while the pin was being checked: calls fail as on any closed client
    return client;
  }

  private async tunnelled(tunnel: SshTunnel): Promise<grpc.Client> {
    await tunnel.ready;
    this.client ??= this.make();
    return this.client;
  }

  private async pinned(timeoutMs: number): Promise<grpc.Client> {
    const pin = this.security.tlsFingerprint!;
    const context = { address: this.address, timeoutMs };
    const probe = await probeTls(this.address, { timeoutMs });
    if (!probe.speaksTls) throw notTlsError(probe.detail, context);
    if (probe.certificate.fingerprint !== pin) throw pinMismatchError(probe.certificate.fingerprint, pin, context);
    this.client = this.make(probe.certificate.pem);
    return this.client;
  }
}

