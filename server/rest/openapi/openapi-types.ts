/**
 * The parts of an OpenAPI 3.1 document the generator writes, typed as far as
 * it needs; schemas stay plain JSON Schema 2020-12 objects.
 */

export type SchemaObject = { [keyword: string]: unknown };

export interface ReferenceObject {
  $ref: string;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
}

export interface HeaderObject {
  description: string;
  required?: boolean;
  schema: SchemaObject;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required?: boolean;
  schema: SchemaObject;
  example?: unknown;
}

export interface RequestBodyObject {
  description: string;
  required: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  /** Only where it differs from the document's: [] for the routes that take no credentials. */
  security?: SecurityRequirement[];
}

export type PathItemObject = Partial<Record<'get' | 'put' | 'post' | 'delete', OperationObject>>;

export interface OpenApiDocument {
  openapi: string;
  info: {
    title: string;
    summary: string;
    description: string;
    version: string;
    license: { name: string; identifier: string };
  };
  tags: { name: string; description: string }[];
  security: SecurityRequirement[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: string; scheme?: string; description: string }>;
  };
}
