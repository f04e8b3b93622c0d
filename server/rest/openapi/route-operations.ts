/**
 * One operation of the document per route of the route table: its path in
 * OpenAPI's form, the RPC's messages and comment from the descriptors, the
 * rest from route-docs.ts.
 */
import type { DescMethod, DescService } from '@bufbuild/protobuf';
import type { RouteSpec } from '../route-table';
import { COMMON_ERRORS, errorResponse, PROTECTED_ERRORS, sharedErrorRef } from './error-responses';
import type { MediaTypeObject, OperationObject, ParameterObject, RequestBodyObject, ResponseObject, ReferenceObject } from './openapi-types';
import type { ProtoComments } from './proto-comments';
import type { RestSchemas } from './rest-schemas';
import type { ContentKind, ErrorStatus, ParameterDoc, RouteDoc } from './route-doc-types';
import type { SchemaRegistry } from './schema-registry';

export type RouteEntry = Pick<RouteSpec, 'method' | 'path' | 'rpc'>;

export interface OperationContext {
  service: DescService;
  docs: Readonly<Record<string, RouteDoc>>;
  comments: ProtoComments;
  registry: SchemaRegistry;
  rest: RestSchemas;
}

/** /v1/jobs/:id → /v1/jobs/{id}. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

export function routeOperation(route: RouteEntry, context: OperationContext): OperationObject {
  const where = `route ${route.method.toUpperCase()} ${route.path} (rpc ${route.rpc})`;
  const doc = context.docs[route.rpc];
  if (!doc) throw new Error(`${where} has no OpenAPI description: add an entry "${route.rpc}" to server/rest/openapi/route-docs.ts`);
  const method = context.service.methods.find((candidate) => candidate.name === route.rpc);
  const parameters = [...pathParameters(route, doc, where), ...named('query', doc.query), ...named('header', doc.headers)];
  const rpcComment = method && doc.rpcComment !== false ? context.comments.get(`${context.service.typeName}.${method.name}`) : undefined;
  const mirror = method ? `Mirrors the gRPC method \`${context.service.typeName}/${method.name}\`.` : undefined;
  return {
    operationId: route.rpc,
    summary: doc.summary,
    description: [rpcComment, doc.description, mirror].filter((part): part is string => Boolean(part)).join('\n\n'),
    tags: [doc.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body ? { requestBody: requestBody(doc, method, context, where) } : {}),
    responses: responses(doc, method, context, where),
    ...(doc.open ? { security: [] } : {}),
  };
}

function pathParameters(route: RouteEntry, doc: RouteDoc, where: string): ParameterObject[] {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const documented = Object.keys(doc.pathParameters ?? {});
  const missing = names.filter((name) => !documented.includes(name));
  const extra = documented.filter((name) => !names.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`${where}: route-docs.ts's pathParameters must describe exactly ${names.join(', ') || 'none'}, not ${documented.join(', ') || 'none'}`);
  }
  return named('path', doc.pathParameters).map((parameter) => ({ ...parameter, required: true }));
}

function named(place: ParameterObject['in'], docs: Record<string, ParameterDoc> | undefined): ParameterObject[] {
  return Object.entries(docs ?? {}).map(([name, doc]) => ({ name, in: place, ...doc }));
}

function requestBody(doc: RouteDoc, method: DescMethod | undefined, context: OperationContext, where: string): RequestBodyObject {
  const body = doc.body!;
  if (body.kind === 'binary') {
    return { description: body.description, required: true, content: { 'application/octet-stream': {} } };
  }
  if (!method) throw new Error(`${where}: a message body needs an RPC whose request it is`);
  const schema = context.registry.schemaOf(method.input);
  return { description: body.description, required: body.required, content: { 'application/json': { schema } } };
}

type Responses = Record<string, ResponseObject | ReferenceObject>;

const NDJSON_LINE = 'One JSON value a line: the messages, then a StreamError if the stream failed after it started.';
const SSE_TEXT = 'Server-Sent Events: `event:`, `id:` and `data:` lines, data being JSON.';

function responses(doc: RouteDoc, method: DescMethod | undefined, context: OperationContext, where: string): Responses {
  const answers: Responses = {};
  for (const success of doc.responses) {
    answers[success.status] = {
      description: success.description,
      content: Object.fromEntries(success.content.map((kind) => mediaType(kind, method, context, where))),
    };
  }
  const shared = doc.open ? COMMON_ERRORS : [...new Set([...COMMON_ERRORS, ...PROTECTED_ERRORS])];
  const own = new Map(Object.entries(doc.errors ?? {}).map(([status, text]) => [Number(status) as ErrorStatus, text]));
  for (const status of [...new Set([...shared, ...own.keys()])].sort((a, b) => a - b)) {
    const text = own.get(status);
    answers[status] = text === undefined ? sharedErrorRef(status) : errorResponse(status, context.rest.error, text);
  }
  return answers;
}

function mediaType(kind: ContentKind, method: DescMethod | undefined, context: OperationContext, where: string): [string, MediaTypeObject] {
  const output = () => {
    if (!method) throw new Error(`${where}: "${kind}" answers an RPC's response, and the route mirrors no RPC`);
    return context.registry.schemaOf(method.output);
  };
  switch (kind) {
    case 'output-json':
      return ['application/json', { schema: output() }];
    case 'output-ndjson':
      return ['application/x-ndjson', { schema: { description: NDJSON_LINE, anyOf: [output(), context.rest.streamError] } }];
    case 'output-sse':
      return ['text/event-stream', { schema: { type: 'string', description: SSE_TEXT } }];
    case 'text':
      return ['text/plain', { schema: { type: 'string', description: 'The lines, exactly as in the file.' } }];
    case 'health':
      return ['application/json', { schema: context.rest.health }];
    case 'openapi':
      return ['application/json', { schema: context.rest.openApi }];
  }
}
