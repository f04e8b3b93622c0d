/**
 * The gRPC server: AgentControl, grpc.health.v1 and server reflection, bound to
 * every configured address. Closing stops accepting, ends open streams and
 * waits (bounded) for in-flight calls.
 *
 * A unix:///path address is bound by our own net.Server and its connections
 * handed to grpc-js (a connection injector) rather than by bindAsync: grpc-js
 * binds asynchronously, so the socket's mode and group could not be set before
 * the first connection (unix-socket-listener.ts).
 *
 * Access control (access-interceptor.ts) rides on each listener's credentials,
 * one interceptor for TCP and one for the Unix sockets, so that every call is
 * judged knowing how it came; it runs before the server-wide request checks.
 */
import * as net from 'node:net';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv1';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus as ServingStatus, Health } from '../../gen/grpc/health/v1/health_pb';
import { ServerReflection } from '../../gen/grpc/reflection/v1/reflection_pb';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { isUnixAddress, unixSocketPath } from '../sockets/unix-address';
import { listenOnUnixSocket } from '../sockets/unix-socket-listener';
import { grpcServerCredentials } from '../tls/grpc-server-credentials';
import { AccessGate } from '../core/access/access-gate';
import { withAccessControl } from './access-interceptor';
import type { ServerTls } from '../tls/server-tls';
import { agentControlHandlers, type AgentControlDeps } from './agent-control-service';
import { healthHandlers, HealthState } from './health-service';
import { listenError } from './listen-error';
import { reflectionHandler } from './reflection-service';
import { grpcServiceDefinition, type DefinitionOptions } from './service-definition';
import type { ServiceHandlers } from './service-handlers';
import { encodeTailLogResponse } from './tail-log-encoding';

export interface RunningGrpcServer {
  /** Bound addresses as host:port (with the real port when 0 was asked), unix:///path as given. */
  addresses: string[];
  health: HealthState;
  close(): Promise<void>;
}

const SERVER_OPTIONS = {
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  // A peer that vanished (host powered off, VM frozen, NAT state dropped) holds a
  // follow stream open forever unless pinged: a ping per minute per connection
  // (a few bytes) finds it within 80 s and keeps idle firewall/NAT state alive,
  // whose timeouts are minutes. grpc-js 1.14 servers do not police clients'
  // pings (grpc.http2.min_ping_interval_without_data_ms and max_ping_strikes
  // are C-core options it ignores); Node's HTTP/2 flood limits bound them.
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
};

export interface GrpcListenOptions {
  /** The group of unix:// socket files (--socket-group); the process's own when undefined. */
  socketGid?: number;
  /** TLS for the TCP listeners (unix:// ones stay plain: the socket file's mode decides who connects). */
  tls?: ServerTls;
}

export async function startGrpcServer(listen: string[], deps: AgentControlDeps, options: GrpcListenOptions = {}): Promise<RunningGrpcServer> {
  // The request checks run inside each listener's access interceptor (access-interceptor.ts): one wrapper a call.
  const server = new Server(SERVER_OPTIONS);
  const health = new HealthState();
  serve(server, AgentControl, agentControlHandlers(deps), { responseSerializers: { tailLog: encodeTailLogResponse } });
  serve(server, Health, healthHandlers(health));
  const reflect = reflectionHandler([AgentControl, Health, ServerReflection]);
  serve(server, ServerReflection, { serverReflectionInfo: reflect });
  serve(server, ServerReflection, { serverReflectionInfo: reflect }, { typeName: 'grpc.reflection.v1alpha.ServerReflection' });

  const addresses: string[] = [];
  const socketServers: net.Server[] = [];
  // Access control rides on each listener's credentials, so that it knows the transport (access-interceptor.ts).
  const gate = new AccessGate(deps.access, deps.status.catalog);
  const tlsCredentials = options.tls ? grpcServerCredentials(options.tls) : ServerCredentials.createInsecure();
  const tcpCredentials = withAccessControl(tlsCredentials, gate, { transport: 'tcp', tls: options.tls !== undefined });
  const unixCredentials = withAccessControl(ServerCredentials.createInsecure(), gate, { transport: 'unix', tls: false });
  try {
    for (const address of listen) {
      if (isUnixAddress(address)) {
        socketServers.push(await bindUnix(server, address, options.socketGid, unixCredentials));
        addresses.push(address);
      } else {
        addresses.push(await bind(server, address, tcpCredentials));
      }
    }
  } catch (err) {
    for (const socketServer of socketServers) socketServer.close();
    server.forceShutdown();
    throw err;
  }
  health.set('', ServingStatus.SERVING);
  health.set(AgentControl.typeName, ServingStatus.SERVING);

  return {
    addresses,
    health,
    close: () =>
      new Promise<void>((resolve) => {
        health.setAll(ServingStatus.NOT_SERVING);
        for (const socketServer of socketServers) socketServer.close(); // stops accepting and removes the socket file
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** addService with the definition and the handlers typed from the same descriptor. */
function serve<S extends GenService<GenServiceMethods>>(
  server: Server,
  service: S,
  handlers: ServiceHandlers<S>,
  options?: DefinitionOptions,
): void {
  server.addService(grpcServiceDefinition(service, options), handlers);
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<string> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => {
      if (err) {
        reject(listenError(address, err));
        return;
      }
      const host = address.slice(0, address.lastIndexOf(':'));
      resolve(`${host}:${port}`);
    });
  });
}

/** Listens on the socket file and hands every connection to grpc-js. */
async function bindUnix(server: Server, address: string, gid: number | undefined, credentials: ServerCredentials): Promise<net.Server> {
  const socketPath = unixSocketPath(address);
  if (!socketPath) throw new Error(`cannot listen on ${address} (gRPC): write a Unix socket as unix:// and an absolute path, e.g. unix:///run/mobilityd/mobilityd.sock`);
  const injector = server.createConnectionInjector(credentials);
  const socketServer = net.createServer((connection) => injector.injectConnection(connection));
  await listenOnUnixSocket(socketServer, socketPath, { gid, flag: '--listen', what: 'gRPC' });
  return socketServer;
}
