/**
 * The protobuf JSON form of the well-known types, which is not the form of
 * their fields: a Timestamp is an RFC 3339 string, not {"seconds","nanos"}.
 * Written inline where a field uses them, as is usual for date-times.
 */
import type { SchemaObject } from './openapi-types';

const WELL_KNOWN: Record<string, SchemaObject> = {
  'google.protobuf.Timestamp': {
    type: 'string',
    format: 'date-time',
    description: 'RFC 3339, in UTC, e.g. "2024-05-01T12:30:00.125Z".',
  },
  'google.protobuf.Duration': {
    type: 'string',
    pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$',
    description: 'A duration in seconds with an "s" suffix, e.g. "1.5s".',
  },
  'google.protobuf.Empty': { type: 'object', maxProperties: 0 },
};

/**
 * The schema of a google.protobuf message, undefined for a message of ours.
 * A well-known type without a schema here is refused rather than described by
 * its fields, which would document a JSON form the server never sends.
 */
export function wellKnownSchema(typeName: string): SchemaObject | undefined {
  if (!typeName.startsWith('google.protobuf.')) return undefined;
  const schema = WELL_KNOWN[typeName];
  if (!schema) {
    throw new Error(
      `the API uses ${typeName}, whose protobuf JSON form the OpenAPI generator does not know yet: ` +
        'add its JSON Schema to server/rest/openapi/well-known-schemas.ts',
    );
  }
  return { ...schema };
}
