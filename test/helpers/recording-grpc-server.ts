/**
 * A small real gRPC server (grpc-js) on 127.0.0.1 port 0 that answers a few
 * AgentControl and health calls and records the `authorization` metadata each
 * call carried (refusing a missing or wrong token when asked to): plain, TLS
 * with a given certificate, or mTLS. For the
 * client's connection-security tests, independent of mobilityd's own TLS.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import * as fs from 'node:fs';
import { serviceDefinition } from '../../contract/service-definition';
import { Health, HealthCheckResponse_ServingStatus, HealthCheckResponseSchema } from '../../gen/grpc/health/v1/health_pb';
import {
  AgentControl,
  GetStatusResponseSchema,
  TailLogResponseSchema,
  UploadPackageResponseSchema,
} from '../../gen/mobility/v1/agent_control_pb';
import type { CertificateFiles } from './test-certificates';

export interface RecordingServerOptions {
  /** Serve TLS with this certificate; plain without. */
  certificate?: CertificateFiles;
  /** Require client certificates signed by this CA (mTLS). */
  clientCa?: string;
  /** Listen here instead of 127.0.0.1 port 0 (e.g. the port a replaced server had). */
  address?: string;
  /** What GetStatus answers (default: daemon version "recording"). */
  status?: MessageInitShape<typeof GetStatusResponseSchema>;
  /** Answer UNAUTHENTICATED, with this message, to calls without "Bearer <token>" for this token. */
  requireToken?: { token: string; message: string };
}

export interface RecordedCall {
  method: string;
  /** The authorization values the call carried, usually none or one. */
  authorization: string[];
}

export interface RecordingServer {
  /** host:port to dial. */
  address: string;
  port: number;
  calls: RecordedCall[];
  /** Closes everything at once, connections included. */
  stop(): Promise<void>;
  /** Stops listening and tells connected clients to go (HTTP/2 GOAWAY), as a daemon that restarts does. */
  goAway(): Promise<void>;
}

export async function startRecordingServer(options: RecordingServerOptions = {}): Promise<RecordingServer> {
  const calls: RecordedCall[] = [];
  /** Records the call; a refusal when the token is required and missing or wrong. */
  const record = (method: string, metadata: grpc.Metadata): grpc.ServiceError | null => {
    const authorization = metadata.get('authorization').map(String);
    calls.push({ method, authorization });
    const required = options.requireToken;
    if (!required || (authorization.length === 1 && authorization[0] === `Bearer ${required.token}`)) return null;
    return Object.assign(new Error(required.message), { code: grpc.status.UNAUTHENTICATED, details: required.message, metadata: new grpc.Metadata() });
  };
  const server = new grpc.Server();
  server.addService(serviceDefinition(AgentControl), {
    getStatus(call: grpc.ServerUnaryCall<object, object>, done: grpc.sendUnaryData<object>) {
      const refusal = record('GetStatus', call.metadata);
      done(refusal, refusal ? null : create(GetStatusResponseSchema, options.status ?? { daemon: { version: 'recording' } }));
    },
    tailLog(call: grpc.ServerWritableStream<object, object>) {
      const refusal = record('TailLog', call.metadata);
      if (refusal) return call.destroy(refusal);
      call.write(create(TailLogResponseSchema, {}));
      call.end();
    },
    uploadPackage(call: grpc.ServerReadableStream<object, object>, done: grpc.sendUnaryData<object>) {
      const refusal = record('UploadPackage', call.metadata);
      call.on('data', () => undefined);
      call.on('end', () => done(refusal, refusal ? null : create(UploadPackageResponseSchema, {})));
    },
  });
  server.addService(serviceDefinition(Health), {
    check(call: grpc.ServerUnaryCall<object, object>, done: grpc.sendUnaryData<object>) {
      const refusal = record('Check', call.metadata);
      done(refusal, refusal ? null : create(HealthCheckResponseSchema, { status: HealthCheckResponse_ServingStatus.SERVING }));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.address ?? '127.0.0.1:0', credentials(options), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const host = (options.address ?? '127.0.0.1:0').replace(/:\d+$/, '');
  return {
    address: `${host}:${port}`,
    port,
    calls,
    async stop() {
      server.forceShutdown();
    },
    goAway: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

function credentials(options: RecordingServerOptions): grpc.ServerCredentials {
  if (!options.certificate) return grpc.ServerCredentials.createInsecure();
  const keyPair = { private_key: fs.readFileSync(options.certificate.key), cert_chain: fs.readFileSync(options.certificate.cert) };
  const clientCa = options.clientCa ? fs.readFileSync(options.clientCa) : null;
  return grpc.ServerCredentials.createSsl(clientCa, [keyPair], clientCa !== null);
}
