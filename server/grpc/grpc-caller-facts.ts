/**
 * What a gRPC call tells about its caller (core/access/authenticate.ts's
 * CallerFacts): the listener's transport, the authorization header, and, read
 * only when asked, the peer's address and the client certificate.
 *
 * A class, with the getter on its prototype, not an object literal with a
 * getter: V8 does not share one hidden class among literals whose getters are
 * different closures, and made once per call they doubled the work of the
 * daemon's garbage collector threads (about 70 µs of daemon CPU per call,
 * measured on ListJobs with a token; docs/performance.md).
 */
import type { ServerInterceptingCallInterface } from '@grpc/grpc-js';
import type { CallerFacts, CertificateFacts, Transport } from '../core/access/authenticate';
import { certificateIdentity } from '../tls/certificate-identity';

export interface ListenerKind {
  transport: Transport;
  /** The listener speaks TLS (a verified client certificate may then name the caller). */
  tls: boolean;
}

export class GrpcCallerFacts implements CallerFacts {
  readonly transport: Transport;
  readonly tls: boolean;

  constructor(
    private readonly call: ServerInterceptingCallInterface,
    listener: ListenerKind,
    readonly authorization: string | undefined,
  ) {
    this.transport = listener.transport;
    this.tls = listener.tls;
  }

  /** Read only when needed (back-off after failures, a refusal): getPeer() formats a string each time. */
  get peerHost(): string {
    return this.transport === 'unix' ? 'unix' : hostOf(this.call.getPeer());
  }

  readCertificate(): CertificateFacts | undefined {
    return this.tls ? certificateIdentity(this.call.getAuthContext().sslPeerCertificate) : undefined;
  }
}

/** grpc-js's getPeer(): "127.0.0.1:5000", "::1:5000" (IPv6 unbracketed), "unknown". */
export function hostOf(peer: string): string {
  const colon = peer.lastIndexOf(':');
  return colon > 0 ? peer.slice(0, colon) : peer;
}
