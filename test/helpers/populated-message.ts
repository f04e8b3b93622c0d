/**
 * A message with every field set to a value that is not its default, so that
 * its protobuf JSON has every property: the widest answer a schema must accept.
 * 64-bit values lie past 2^53 and bytes are not valid UTF-8, as the JSON
 * mapping's special forms need.
 */
import { create, ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';

/**
 * Which member of each oneof is set: the first, the last, or the one at an
 * index (the last when a oneof has fewer). ONEOF_PICKS, one run each, covers
 * every member of a oneof of up to three.
 */
export type OneofPick = 'first' | 'last' | number;
export const ONEOF_PICKS: readonly OneofPick[] = ['first', 1, 'last'];

const MAX_DEPTH = 4;

export function populatedMessage(desc: DescMessage, pick: OneofPick = 'first'): Message {
  return create(desc, initOf(desc, pick, 0) as never);
}

function initOf(desc: DescMessage, pick: OneofPick, depth: number): Record<string, unknown> {
  if (desc.typeName === 'google.protobuf.Timestamp') return { seconds: 1714566600n, nanos: 125_000_000 };
  const init: Record<string, unknown> = {};
  if (depth > MAX_DEPTH) return init; // a message that contains itself stops here
  for (const field of desc.fields) {
    if (field.oneof) {
      const members = field.oneof.fields;
      const index = pick === 'first' ? 0 : pick === 'last' ? members.length - 1 : Math.min(pick, members.length - 1);
      if (field !== members[index]) continue;
      init[field.oneof.localName] = { case: field.localName, value: valueOf(field, pick, depth) };
    } else {
      init[field.localName] = valueOf(field, pick, depth);
    }
  }
  return init;
}

function valueOf(field: DescField, pick: OneofPick, depth: number): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarOf(field.scalar);
    case 'enum':
      return field.enum.values[field.enum.values.length - 1].number;
    case 'message':
      return initOf(field.message, pick, depth + 1);
    case 'list':
      if (field.listKind === 'scalar') return [scalarOf(field.scalar)];
      if (field.listKind === 'enum') return [field.enum.values[field.enum.values.length - 1].number];
      return [initOf(field.message, pick, depth + 1)];
    case 'map':
      throw new Error(`${field.parent.typeName}.${field.name}: map fields are not populated yet; add them to test/helpers/populated-message.ts`);
  }
}

function scalarOf(type: ScalarType): unknown {
  switch (type) {
    case ScalarType.STRING:
      return 'value';
    case ScalarType.BOOL:
      return true;
    case ScalarType.BYTES:
      return new Uint8Array([0, 255, 10]);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return -2147483648;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return 4294967295;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return -9007199254740993n;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return 18446744073709551615n;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 1.5;
  }
}
