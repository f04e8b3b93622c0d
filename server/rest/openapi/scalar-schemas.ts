/**
 * Protobuf scalars in their JSON form (protobuf's JSON mapping): 64-bit
 * integers are decimal strings (a JSON number loses precision past 2^53),
 * bytes are base64, and a float may be "NaN", "Infinity" or "-Infinity".
 */
import { ScalarType } from '@bufbuild/protobuf';
import type { SchemaObject } from './openapi-types';

const INT32 = { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 };
const UINT32 = { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 };
const INT64 = { type: 'string', format: 'int64', pattern: '^-?[0-9]{1,19}$', description: 'A 64-bit integer, as a decimal string.' };
const UINT64 = { type: 'string', format: 'uint64', pattern: '^[0-9]{1,20}$', description: 'An unsigned 64-bit integer, as a decimal string.' };

function floating(format: 'double' | 'float'): SchemaObject {
  return { oneOf: [{ type: 'number', format }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }] };
}

export function scalarSchema(type: ScalarType): SchemaObject {
  switch (type) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { ...INT32 };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { ...UINT32 };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { ...INT64 };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { ...UINT64 };
    case ScalarType.DOUBLE:
      return floating('double');
    case ScalarType.FLOAT:
      return floating('float');
  }
}

/** A map's keys are always JSON strings: integers in decimal, booleans as "true"/"false". */
export function mapKeySchema(type: ScalarType): SchemaObject | undefined {
  if (type === ScalarType.STRING) return undefined;
  if (type === ScalarType.BOOL) return { enum: ['true', 'false'] };
  return { pattern: '^-?[0-9]+$' };
}
