/**
 * The gRPC server: AgentControl, grpc.health.v1 and server reflection, bound to
 * every configured address. Closing stops accepting, ends open streams and
 * waits (bounded) for in-flight calls.
 *
 * A unix:///path address is bound by our own net.Server and its connections
 * handed to grpc-js (a connection injector) rather than by bindAsync: grpc-js
 * binds asynchronously, so the socket's mode and group could not be set before
 * the first connection (unix-socket-listener.ts).
 */
import * as net from 'node:net';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv1';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus as ServingStatus, Health } from '../../gen/grpc/health/v1/health_pb';
import { ServerReflection } from '../../gen/grpc/reflection/v1/reflection_pb';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { isUnixAddress, unixSocketPath } from '../sockets/unix-address';
import { listenOnUnixSocket } from '../sockets/unix-socket-listener';
import { agentControlHandlers, type AgentControlDeps } from './agent-control-service';
import { healthHandlers, HealthState } from './health-service';
import { listenError } from './listen-error';
import { reflectionHandler } from './reflection-service';
import { requestChecks } from './request-checks';
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
};

export interface GrpcListenOptions {
  /** The group of unix:// socket files (--socket-group); the process's own when undefined. */
  socketGid?: number;
}

export async function startGrpcServer(listen: string[], deps: AgentControlDeps, options: GrpcListenOptions = {}): Promise<RunningGrpcServer> {
  const server = new Server({ ...SERVER_OPTIONS, interceptors: [requestChecks] });
  const health = new HealthState();
  serve(server, AgentControl, agentControlHandlers(deps), { responseSerializers: { tailLog: encodeTailLogResponse } });
  serve(server, Health, healthHandlers(health));
  const reflect = reflectionHandler([AgentControl, Health, ServerReflection]);
  serve(server, ServerReflection, { serverReflectionInfo: reflect });
  serve(server, ServerReflection, { serverReflectionInfo: reflect }, { typeName: 'grpc.reflection.v1alpha.ServerReflection' });

  const addresses: string[] = [];
  const socketServers: net.Server[] = [];
  try {
    for (const address of listen) {
      if (isUnixAddress(address)) {
        socketServers.push(await bindUnix(server, address, options.socketGid));
        addresses.push(address);
      } else {
        addresses.push(await bind(server, address));
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

function bind(server: Server, address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) => {
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
async function bindUnix(server: Server, address: string, gid: number | undefined): Promise<net.Server> {
  const socketPath = unixSocketPath(address);
  if (!socketPath) throw new Error(`cannot listen on ${address} (gRPC): write a Unix socket as unix:// and an absolute path, e.g. unix:///run/mobilityd/mobilityd.sock`);
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const socketServer = net.createServer((connection) => injector.injectConnection(connection));
  await listenOnUnixSocket(socketServer, socketPath, { gid, flag: '--listen', what: 'gRPC' });
  return socketServer;
}
