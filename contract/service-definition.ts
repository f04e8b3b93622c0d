/**
 * The bridge between protobuf-es descriptors and grpc-js: a generated
 * DescService becomes the grpc-js ServiceDefinition whose (de)serializers are
 * the generated schemas, so no message type is ever written by hand. The client
 * calls through it; mobilityd serves a variant of it (server/grpc/service-definition.ts).
 */
import { fromBinary, toBinary, type DescMessage, type DescService } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

function serializer(schema: DescMessage) {
  return (message: object): Buffer => {
    const bytes = toBinary(schema, message as never);
    // Zero-copy view: grpc-js only reads the buffer.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(schema: DescMessage) {
  return (buffer: Buffer): object => fromBinary(schema, buffer);
}

export interface ServiceDefinitionOptions {
  /** Another name with the same messages (e.g. reflection's v1alpha). */
  typeName?: string;
}

export function serviceDefinition(service: DescService, options: ServiceDefinitionOptions = {}): ServiceDefinition {
  const typeName = options.typeName ?? service.typeName;
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methods) {
    const kind = method.methodKind;
    definition[method.localName] = {
      path: `/${typeName}/${method.name}`,
      originalName: method.name,
      requestStream: kind === 'client_streaming' || kind === 'bidi_streaming',
      responseStream: kind === 'server_streaming' || kind === 'bidi_streaming',
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
    };
  }
  return definition;
}
