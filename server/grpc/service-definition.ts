/**
 * The single bridge between protobuf-es descriptors and grpc-js: a generated
 * DescService becomes a grpc-js ServiceDefinition whose (de)serializers are the
 * generated schemas. No message type is ever written by hand.
 */
import { fromBinary, toBinary, type DescMessage, type DescService } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { requestDeserializer } from './malformed-request';

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

export interface DefinitionOptions {
  /** Serve under another name with the same messages (e.g. reflection's v1alpha). */
  typeName?: string;
  /** Faster response encoders for hot methods, by method localName; they must be byte-identical. */
  responseSerializers?: Record<string, (message: never) => Buffer>;
}

export function grpcServiceDefinition(service: DescService, options: DefinitionOptions = {}): ServiceDefinition {
  const typeName = options.typeName ?? service.typeName;
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methods) {
    const kind = method.methodKind;
    const responseSerialize = options.responseSerializers?.[method.localName] as ((m: object) => Buffer) | undefined;
    definition[method.localName] = {
      path: `/${typeName}/${method.name}`,
      originalName: method.name,
      requestStream: kind === 'client_streaming' || kind === 'bidi_streaming',
      responseStream: kind === 'server_streaming' || kind === 'bidi_streaming',
      requestSerialize: serializer(method.input),
      // Never throws: a request that does not decode is refused by request-checks.ts.
      requestDeserialize: requestDeserializer(method.input),
      responseSerialize: responseSerialize ?? serializer(method.output),
      responseDeserialize: deserializer(method.output),
    };
  }
  return definition;
}
