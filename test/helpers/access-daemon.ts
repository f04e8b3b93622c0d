/**
 * A test daemon with access control on: a token file with one token of each
 * kind (access-tokens.ts), optionally TLS and client certificates, and ways to
 * call it as any caller, over gRPC (the client layer, or grpc-js for server
 * reflection) and REST (node's http/https, every header as given), plus its
 * audit log as parsed lines.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AgentControlClient } from '../../client/agent-control-client';
import { bearerTokenInterceptor } from '../../client/connection/bearer-token';
import { channelSetup } from '../../client/connection/channel-credentials';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { ServerReflectionRequestSchema, ServerReflectionResponseSchema } from '../../gen/grpc/reflection/v1/reflection_pb';
import type { DaemonConfig } from '../../server/core/config/daemon-config';
import type { AuthBackoffOptions } from '../../server/core/access/auth-backoff';
import { auditLogPath, type AuditEntry } from '../../server/core/audit/audit-log';
import { makeTestTokens, type TestTokens } from './access-tokens';
import { makeSandbox } from './sandbox';
import { testCertificates, type CertificateFiles } from './test-certificates';
import { startTestDaemon, type TestDaemon } from './test-daemon';
import { useStarted, type UseOptions } from './use-started';

/** Who calls: a token, a client certificate, both, or nothing. */
export interface Caller {
  token?: string;
  certificate?: CertificateFiles;
}

export interface RestAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { code?: string; message?: string; [key: string]: unknown } | undefined;
}

export interface RestRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface AccessDaemon {
  test: TestDaemon;
  tokens: TestTokens;
  /** A client for this caller (closed with the daemon). */
  grpc(caller?: Caller): AgentControlClient;
  /** grpc.reflection.v1 list_services as this caller: the service names, or the grpc-js error. */
  reflect(caller?: Caller): Promise<string[]>;
  rest(request: RestRequest, caller?: Caller): Promise<RestAnswer>;
  /** With `unixSockets`: the gRPC and REST Unix sockets' paths. */
  sockets: { grpc: string; rest: string };
  /** A client over the gRPC Unix socket (with `unixSockets`). */
  unixGrpc(caller?: Caller): AgentControlClient;
  /** A request over the REST Unix socket (with `unixSockets`). */
  unixRest(request: RestRequest, caller?: Caller): Promise<RestAnswer>;
  /** The audit log's lines so far. */
  audit(): AuditEntry[];
  stop(): Promise<void>;
}

export interface AccessDaemonOptions {
  /** 'tls': https and gRPC over TLS; 'mtls': with client certificates required (--tls-client-ca). */
  tls?: 'tls' | 'mtls';
  config?: Partial<DaemonConfig>;
  authBackoff?: AuthBackoffOptions;
  /** Without a token file (tokens: still made, but not configured). */
  noTokens?: boolean;
  /** Listen on Unix sockets too (after the TCP addresses). */
  unixSockets?: boolean;
}

export async function startAccessDaemon(options: AccessDaemonOptions = {}): Promise<AccessDaemon> {
  const certs = testCertificates();
  const sandbox = makeSandbox();
  const tokens = await makeTestTokens(sandbox.dir);
  const tlsConfig: Partial<DaemonConfig> = options.tls ? { tlsCert: certs.server.cert, tlsKey: certs.server.key } : {};
  if (options.tls === 'mtls') tlsConfig.tlsClientCa = certs.ca.cert;
  const sockets = { grpc: path.join(sandbox.dir, 'grpc.sock'), rest: path.join(sandbox.dir, 'rest.sock') };
  const socketConfig: Partial<DaemonConfig> = options.unixSockets
    ? { listen: ['127.0.0.1:0', `unix://${sockets.grpc}`], restListen: ['127.0.0.1:0', `unix://${sockets.rest}`] }
    : {};
  const test = await startTestDaemon({
    sandbox,
    config: { ...(options.noTokens ? {} : { authTokensFile: tokens.file }), ...tlsConfig, ...socketConfig, ...options.config },
    authBackoff: options.authBackoff,
  });
  const tls = options.tls !== undefined;
  const ca = fs.readFileSync(certs.ca.cert);
  const security = (caller: Caller = {}): ConnectionSecurity => ({
    ...(tls ? { tlsCa: ca } : {}),
    ...(caller.certificate ? { tlsCert: fs.readFileSync(caller.certificate.cert), tlsKey: fs.readFileSync(caller.certificate.key) } : {}),
    ...(caller.token ? { token: caller.token } : {}),
  });
  const clients: { close(): void }[] = [];
  const restAddress = test.daemon.restAddresses[0];

  return {
    test,
    tokens,
    grpc(caller) {
      const client = new AgentControlClient(test.address, {}, security(caller));
      clients.push(client);
      return client;
    },
    reflect(caller) {
      const setup = channelSetup(test.address, security(caller));
      const client = new grpc.Client(test.address, setup.credentials, {
        ...setup.options,
        interceptors: caller?.token ? [bearerTokenInterceptor(caller.token)] : [],
      });
      clients.push(client);
      return listServices(client);
    },
    rest: (request, caller) => restCall({ address: restAddress }, tls ? { ca, caller } : undefined, request, caller),
    sockets,
    unixGrpc(caller) {
      const client = new AgentControlClient(`unix://${sockets.grpc}`, {}, caller?.token ? { token: caller.token } : {});
      clients.push(client);
      return client;
    },
    unixRest: (request, caller) => restCall({ socketPath: sockets.rest }, undefined, request, caller),
    audit: () => readAudit(auditLogPath(test.daemon.config.stateDir)),
    async stop() {
      for (const client of clients) client.close();
      await test.stop();
      sandbox.remove();
    },
  };
}

/** Call inside a describe: a fresh daemon for each test (one for the describe with `shared`). */
export function useAccessDaemon(options: AccessDaemonOptions & UseOptions = {}): () => AccessDaemon {
  return useStarted('the access-controlled daemon', () => startAccessDaemon(options), options);
}

function listServices(client: grpc.Client): Promise<string[]> {
  const path = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';
  const call = client.makeBidiStreamRequest(
    path,
    (message: object) => Buffer.from(toBinary(ServerReflectionRequestSchema, message as never)),
    (bytes: Buffer) => fromBinary(ServerReflectionResponseSchema, bytes),
  );
  return new Promise((resolve, reject) => {
    call.once('data', (response: ReturnType<typeof fromBinary<typeof ServerReflectionResponseSchema>>) => {
      const listed = response.messageResponse.case === 'listServicesResponse' ? response.messageResponse.value.service.map((s) => s.name) : [];
      call.end();
      resolve(listed);
    });
    call.once('error', reject);
    call.write(create(ServerReflectionRequestSchema, { messageRequest: { case: 'listServices', value: '' } }));
  });
}

function restCall(
  to: { address: string } | { socketPath: string },
  tls: { ca: Buffer; caller?: Caller } | undefined,
  request: RestRequest,
  caller: Caller = {},
): Promise<RestAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  const where =
    'socketPath' in to
      ? { socketPath: to.socketPath, headers: { host: 'localhost', ...headers } }
      : { host: to.address.slice(0, to.address.lastIndexOf(':')), port: Number(to.address.slice(to.address.lastIndexOf(':') + 1)), headers };
  const options: https.RequestOptions = { ...where, method: request.method ?? 'GET', path: request.path, agent: false };
  if (tls) {
    options.ca = tls.ca;
    options.servername = 'localhost';
    if (caller.certificate) {
      options.cert = fs.readFileSync(caller.certificate.cert);
      options.key = fs.readFileSync(caller.certificate.key);
    }
  }
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RestAnswer['json'];
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.once('error', reject);
    req.end(request.body);
  });
}

function readAudit(file: string): AuditEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEntry);
}
