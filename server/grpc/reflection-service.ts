/**
 * gRPC server reflection (grpc.reflection.v1, and v1alpha with the same wire
 * messages), answered from the descriptors protobuf-es embeds in the generated
 * code. Lets buf curl, grpcurl and Postman call mobilityd with no .proto.
 */
import { create, createRegistry, toBinary, type DescFile, type DescService, type MessageInitShape } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import {
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../../gen/grpc/reflection/v1/reflection_pb';
import { quoteValue } from '../../contract/quote-value';

export function reflectionHandler(services: DescService[]) {
  const filesByName = new Map<string, DescFile>();
  const collect = (f: DescFile) => {
    if (filesByName.has(f.name)) return;
    filesByName.set(f.name, f);
    f.dependencies.forEach(collect);
  };
  services.forEach((s) => collect(s.file));
  const registry = createRegistry(...filesByName.values());
  const names = services.map((s) => s.typeName);

  const filesWithDeps = (file: DescFile): Uint8Array[] => {
    const seen = new Set<string>();
    const out: Uint8Array[] = [];
    const visit = (f: DescFile) => {
      if (seen.has(f.name)) return;
      seen.add(f.name);
      out.push(toBinary(FileDescriptorProtoSchema, f.proto));
      f.dependencies.forEach(visit);
    };
    visit(file);
    return out;
  };

  const fileOfSymbol = (symbol: string): DescFile | undefined => {
    const type = registry.get(symbol);
    if (type) return type.file;
    const dot = symbol.lastIndexOf('.');
    const service = dot > 0 ? services.find((s) => s.typeName === symbol.slice(0, dot)) : undefined;
    return service?.methods.some((m) => m.name === symbol.slice(dot + 1)) ? service.file : undefined;
  };

  type Answer = MessageInitShape<typeof ServerReflectionResponseSchema>['messageResponse'];
  const answer = (request: ServerReflectionRequest): Answer => {
    const notFound = (what: string) => ({
      case: 'errorResponse' as const,
      value: { errorCode: status.NOT_FOUND, errorMessage: `${what} not found` },
    });
    const files = (file: DescFile | undefined, what: string) =>
      file ? { case: 'fileDescriptorResponse' as const, value: { fileDescriptorProto: filesWithDeps(file) } } : notFound(what);
    const req = request.messageRequest;
    switch (req.case) {
      case 'listServices':
        return { case: 'listServicesResponse', value: { service: names.map((name) => ({ name })) } };
      case 'fileByFilename':
        return files(filesByName.get(req.value), `file ${quoteValue(req.value)}`);
      case 'fileContainingSymbol':
        return files(fileOfSymbol(req.value), `symbol ${quoteValue(req.value)}`);
      case 'allExtensionNumbersOfType':
        // The API declares no extensions: a known message has none, anything else is unknown.
        if (!registry.getMessage(req.value)) return notFound(`message type ${quoteValue(req.value)}`);
        return { case: 'allExtensionNumbersResponse', value: { baseTypeName: req.value, extensionNumber: [] } };
      case 'fileContainingExtension':
        return notFound(`extension ${quoteValue(req.value.containingType)}(${req.value.extensionNumber})`);
      default:
        return { case: 'errorResponse', value: { errorCode: status.INVALID_ARGUMENT, errorMessage: 'empty reflection request' } };
    }
  };

  return (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
    call.on('data', (request: ServerReflectionRequest) => {
      call.write(
        create(ServerReflectionResponseSchema, {
          validHost: request.host,
          originalRequest: request,
          messageResponse: answer(request),
        }),
      );
    });
    call.on('end', () => call.end());
  };
}
