/**
 * The gRPC server: AgentControl, grpc.health.v1 and server reflection, bound to
 * every configured address. Closing stops accepting, ends open streams and
 * waits (bounded) for in-flight calls.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus as ServingStatus, Health } from '../../gen/grpc/health/v1/health_pb';
import { ServerReflection } from '../../gen/grpc/reflection/v1/reflection_pb';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { agentControlHandlers, type AgentControlDeps } from './agent-control-service';
import { healthHandlers, HealthState } from './health-service';
import { listenError } from './listen-error';
import { reflectionHandler } from './reflection-service';
import { requestChecks } from './request-checks';
import { grpcServiceDefinition } from './service-definition';
import { encodeTailLogResponse } from './tail-log-encoding';

export interface RunningGrpcServer {
  /** Bound addresses as host:port (with the real port when 0 was asked). */
  addresses: string[];
  health: HealthState;
  close(): Promise<void>;
}

const SERVER_OPTIONS = {
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

export async function startGrpcServer(listen: string[], deps: AgentControlDeps): Promise<RunningGrpcServer> {
  const server = new Server({ ...SERVER_OPTIONS, interceptors: [requestChecks] });
  const health = new HealthState();
  server.addService(
    grpcServiceDefinition(AgentControl, { responseSerializers: { tailLog: encodeTailLogResponse } }),
    agentControlHandlers(deps),
  );
  server.addService(grpcServiceDefinition(Health), healthHandlers(health));
  const reflect = reflectionHandler([AgentControl, Health, ServerReflection]);
  server.addService(grpcServiceDefinition(ServerReflection), { serverReflectionInfo: reflect });
  server.addService(grpcServiceDefinition(ServerReflection, { typeName: 'grpc.reflection.v1alpha.ServerReflection' }), {
    serverReflectionInfo: reflect,
  });

  const addresses: string[] = [];
  try {
    for (const address of listen) addresses.push(await bind(server, address));
  } catch (err) {
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
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
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
