/**
 * grpc-js server credentials that follow ServerTls: every listener bound with
 * them gets the new certificate, key and client CAs on reload (grpc-js calls
 * setSecureContext on its TLS server for each update we push).
 *
 * Why not grpc-js's experimental createCertificateProviderServerCredentials:
 * in 1.14.7 it passes its two providers to the constructor in swapped order
 * (and its typings follow the swap), so a call is right only until that is
 * fixed; and its file watcher drops every new connection while a file is
 * unreadable instead of keeping the last good pair. Extending the public
 * abstract ServerCredentials uses only what its typings promise
 * (the constructor's options and the protected updateSecureContextOptions).
 */
import { ServerCredentials } from '@grpc/grpc-js';
import type { ServerTls } from './server-tls';

class ReloadingServerCredentials extends ServerCredentials {
  constructor(tls: ServerTls) {
    const required = tls.requireClientCertificate;
    super({ requestCert: required, rejectUnauthorized: required }, tls.contextOptions());
    tls.onReload((options) => this.updateSecureContextOptions(options));
  }

  /** grpc-js compares credentials when one port is bound twice; ours are only equal to themselves. */
  override _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

export function grpcServerCredentials(tls: ServerTls): ServerCredentials {
  return new ReloadingServerCredentials(tls);
}
