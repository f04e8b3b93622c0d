/**
 * Checks bodies against what the OpenAPI document says of them, with a real
 * JSON Schema 2020-12 validator (ajv, strict: a keyword or format it does not
 * know fails the compile). Stricter than the document on one point: message
 * schemas are closed (additionalProperties: false), so a property the server
 * sends that the document does not name (a wrong jsonName, a field missing
 * from a schema) fails the check, while the document itself stays open to
 * fields added later.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, ReferenceObject, ResponseObject } from '../../server/rest/openapi/openapi-types';

const DOCUMENT_ID = 'urn:mobilityd:rest-openapi';

export interface DocumentedAnswer {
  method: string;
  /** The document's path, e.g. /v1/jobs/{id}. */
  path: string;
  status: number;
  /** The Content-Type header (parameters are ignored). */
  contentType: string;
}

export interface OpenApiAnswers {
  /** What is wrong with `body` as the documented answer; [] when it conforms. Throws when no such answer is documented. */
  errors(answer: DocumentedAnswer, body: unknown): string[];
  /** What is wrong with `value` as components.schemas[name]; [] when it conforms. */
  schemaErrors(name: string, value: unknown): string[];
  /** The statuses the document lists for an operation. */
  statuses(method: string, path: string): number[];
}

export function openApiAnswers(document: OpenApiDocument): OpenApiAnswers {
  // strictRequired off: a oneof is "not: {required: [a, b]}", naming properties defined a level up.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv, ['date-time']);
  addProtobufFormats(ajv);
  // The document is added whole so that its own "#/components/..." references resolve; these
  // two members are containers the schemas are reached in by JSON pointer, not keywords.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addKeyword({ keyword: 'paths' });
  ajv.addSchema({ $id: DOCUMENT_ID, components: closeMessageSchemas(document.components), paths: document.paths });
  const compiled = new Map<string, ValidateFunction>();
  const check = (pointer: string, value: unknown): string[] => {
    let validate = compiled.get(pointer);
    if (!validate) compiled.set(pointer, (validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` })));
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(the body)'} ${error.message} (${error.schemaPath})`);
  };
  const operation = (method: string, path: string) => {
    const found = document.paths[path]?.[method.toLowerCase() as 'get'];
    if (!found) throw new Error(`the document has no ${method} ${path}`);
    return found;
  };

  return {
    errors(answer, body) {
      const responses = operation(answer.method, answer.path).responses;
      let response = responses[answer.status] as ResponseObject | ReferenceObject | undefined;
      if (!response) throw new Error(`HTTP ${answer.status} is not documented for ${answer.method} ${answer.path}`);
      let pointer = `/paths/${escape(answer.path)}/${answer.method.toLowerCase()}/responses/${answer.status}`;
      if ('$ref' in response) {
        pointer = response.$ref.slice(1);
        response = document.components.responses[response.$ref.split('/').pop()!];
      }
      const mediaType = answer.contentType.split(';')[0].trim().toLowerCase();
      if (!response.content?.[mediaType]) {
        throw new Error(`${answer.method} ${answer.path} HTTP ${answer.status} is documented without a ${mediaType} body`);
      }
      return check(`${pointer}/content/${escape(mediaType)}/schema`, body);
    },
    schemaErrors: (name, value) => check(`/components/schemas/${escape(name)}`, value),
    statuses: (method, path) => Object.keys(operation(method, path).responses).map(Number),
  };
}

/** A JSON pointer token: "/" and "~" escaped. */
function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every object schema with properties and no word on others, closed. */
function closeMessageSchemas(components: OpenApiDocument['components']): OpenApiDocument['components'] {
  const schemas = Object.fromEntries(
    Object.entries(components.schemas).map(([name, schema]) => [
      name,
      schema.type === 'object' && schema.properties && schema.additionalProperties === undefined ? { ...schema, additionalProperties: false } : schema,
    ]),
  );
  return { ...components, schemas };
}

/** The formats the document's protobuf JSON schemas use (scalar-schemas.ts), checked for real. */
function addProtobufFormats(ajv: Ajv2020): void {
  const integer = (min: bigint, max: bigint) => (text: string) => /^-?[0-9]+$/.test(text) && BigInt(text) >= min && BigInt(text) <= max;
  const int32 = (min: number, max: number) => (value: number) => Number.isInteger(value) && value >= min && value <= max;
  ajv.addFormat('int32', { type: 'number', validate: int32(-(2 ** 31), 2 ** 31 - 1) });
  ajv.addFormat('uint32', { type: 'number', validate: int32(0, 2 ** 32 - 1) });
  ajv.addFormat('int64', { type: 'string', validate: integer(-(2n ** 63n), 2n ** 63n - 1n) });
  ajv.addFormat('uint64', { type: 'string', validate: integer(0n, 2n ** 64n - 1n) });
  ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
  ajv.addFormat('float', { type: 'number', validate: Number.isFinite });
}
