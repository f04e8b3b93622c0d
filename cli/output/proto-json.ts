/**
 * Responses as protobuf JSON for scripts: enum names, and every field present
 * even when empty (alwaysEmitImplicit), so a script can rely on every key.
 */
import { toJson, type DescMessage, type JsonValue, type MessageShape } from '@bufbuild/protobuf';

export function protoJsonValue<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return toJson(schema, message, { alwaysEmitImplicit: true });
}

/** One pretty-printed document, ending in "\n". */
export function protoJsonText<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  return `${JSON.stringify(protoJsonValue(schema, message), null, 2)}\n`;
}

/** One compact line, for NDJSON streams. */
export function protoJsonLine<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  return `${JSON.stringify(protoJsonValue(schema, message))}\n`;
}
