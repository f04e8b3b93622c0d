/**
 * The schemas the REST API has beyond the messages: its error body (the
 * codes are error-response.ts's table, so a code added there is documented),
 * the last line of an NDJSON stream that failed, /healthz and this document.
 */
import { MAX_ERROR_MESSAGE_CHARS } from '../../core/errors/message-cap';
import { HTTP_STATUS } from '../error-response';
import type { SchemaObject } from './openapi-types';
import type { SchemaRegistry } from './schema-registry';

export interface RestSchemas {
  error: SchemaObject;
  streamError: SchemaObject;
  health: SchemaObject;
  openApi: SchemaObject;
}

export function defineRestSchemas(registry: SchemaRegistry): RestSchemas {
  const error = registry.define('Error', {
    type: 'object',
    description:
      "Every error answer's body: the code a gRPC client would get (google.rpc.Code's name in lower case) and a message " +
      'for people that says what was wrong and how to fix it. A value from the request is quoted cut short; a secret never appears.',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: Object.keys(HTTP_STATUS) },
      message: { type: 'string', maxLength: MAX_ERROR_MESSAGE_CHARS },
    },
  });
  return {
    error,
    streamError: registry.define('StreamError', {
      type: 'object',
      description: 'The last line of an NDJSON stream that failed after it started (the status, 200, was sent already).',
      required: ['error'],
      properties: { error: error },
    }),
    health: registry.define('HealthStatus', {
      type: 'object',
      description: "The REST server's health, with grpc.health.v1's status names.",
      required: ['status'],
      properties: { status: { type: 'string', enum: ['SERVING', 'NOT_SERVING'] } },
    }),
    openApi: registry.define('OpenApiDocument', {
      type: 'object',
      description: 'An OpenAPI 3.1 document: this one.',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' } },
      additionalProperties: true,
    }),
  };
}
