/**
 * Talking to TLS listeners at the lowest level that still shows what a user
 * sees: the certificate a fresh connection is served, a gRPC health check
 * with grpc-js's own TLS credentials (independent of mobilityd's client
 * layer), an https GET.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { Client, credentials, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { HealthCheckResponseSchema, HealthCheckResponse_ServingStatus as ServingStatus } from '../../gen/grpc/health/v1/health_pb';
import type { CertificateFiles } from './test-certificates';

/** host:port → the parts tls.connect takes. */
function hostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}

/** The sha256:<hex> fingerprint of the certificate a new TLS connection to `address` is served (verified against `ca`). */
export function servedFingerprint(address: string, ca: Buffer, client?: CertificateFiles): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ ...hostPort(address), ca, ALPNProtocols: ['h2', 'http/1.1'], ...clientCert(client) }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(`sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`);
    });
    socket.once('error', reject);
  });
}

/**
 * Checks until `check` holds: a reload is asynchronous (a file watcher, then a
 * short settling delay) and has no event a test can await, so each attempt
 * opens a fresh connection. Fails after `maxAttempts` with `what` and the
 * last thing seen.
 */
export async function eventually(what: string, check: () => Promise<true | string>, maxAttempts = 5000): Promise<void> {
  let seen = '';
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const result = await check();
    if (result === true) return;
    seen = result;
  }
  throw new Error(`${what}: not so after ${maxAttempts} fresh connections (last: ${seen})`);
}

/** Connects afresh until `address` serves the certificate `expected`. */
export function untilServed(address: string, ca: Buffer, expected: string): Promise<void> {
  return eventually(`${address} serves ${expected}`, async () => {
    const seen = await servedFingerprint(address, ca);
    return seen === expected || seen;
  });
}

export function clientCert(client?: CertificateFiles): { cert?: Buffer; key?: Buffer } {
  return client ? { cert: fs.readFileSync(client.cert), key: fs.readFileSync(client.key) } : {};
}

/** grpc-js TLS credentials trusting `caFile`, with a client certificate when given. */
export function tlsCredentials(caFile: string, client?: CertificateFiles): ChannelCredentials {
  const { cert, key } = clientCert(client);
  return credentials.createSsl(fs.readFileSync(caFile), key ?? null, cert ?? null);
}

/** grpc.health.v1 Check of the whole server: "SERVING", or the call's error. */
export function grpcHealth(address: string, channelCredentials: ChannelCredentials): Promise<string> {
  const client = new Client(address, channelCredentials);
  return new Promise<string>((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (request: Buffer) => request,
      (response: Buffer) => fromBinary(HealthCheckResponseSchema, response),
      Buffer.alloc(0),
      { deadline: Date.now() + 20_000 },
      (err: ServiceError | null, response) => (err ? reject(err) : resolve(ServingStatus[response!.status])),
    );
  }).finally(() => client.close());
}

export interface HttpsAnswer {
  status: number;
  body: string;
}

/** GET `url` over https, trusting `ca` (and presenting `client` when given). */
export function httpsGet(url: string, ca: Buffer, client?: CertificateFiles): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, agent: false, ...clientCert(client) }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.once('error', reject);
    });
    request.once('error', reject);
  });
}
