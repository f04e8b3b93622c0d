/**
 * The service definitions mobilityd serves: the contract's (contract/
 * service-definition.ts) with the server's own request decoding, which never
 * throws (a request that does not decode is refused by request-checks.ts), and
 * optional faster response encoders for hot methods.
 */
import type { DescService } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { serviceDefinition, type ServiceDefinitionOptions } from '../../contract/service-definition';
import { requestDeserializer } from './malformed-request';

export interface DefinitionOptions extends ServiceDefinitionOptions {
  /** Faster response encoders for hot methods, by method localName; they must be byte-identical. */
  responseSerializers?: Record<string, (message: never) => Buffer>;
}

export function grpcServiceDefinition(service: DescService, options: DefinitionOptions = {}): ServiceDefinition {
  const definition = serviceDefinition(service, options) as Record<string, MethodDefinition<object, object>>;
  for (const method of service.methods) {
    const served = definition[method.localName];
    served.requestDeserialize = requestDeserializer(method.input);
    const responseSerialize = options.responseSerializers?.[method.localName] as ((m: object) => Buffer) | undefined;
    if (responseSerialize) served.responseSerialize = responseSerialize;
  }
  return definition;
}
