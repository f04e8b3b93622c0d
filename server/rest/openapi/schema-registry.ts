/**
 * components.schemas: one JSON Schema (2020-12, OpenAPI 3.1's dialect) per
 * message and enum the REST API sends or takes, made from the protobuf-es
 * descriptors the server serialises with, so a schema cannot disagree with the
 * JSON on the wire: properties by `jsonName`, nothing required (protobuf JSON
 * leaves default values out), enums by name, oneofs as "at most one of".
 * Descriptions are the proto file's comments. Schemas are left open to fields
 * added later, as protobuf clients are.
 */
import type { DescEnum, DescField, DescMessage, DescOneof } from '@bufbuild/protobuf';
import type { SchemaObject } from './openapi-types';
import type { ProtoComments } from './proto-comments';
import { mapKeySchema, scalarSchema } from './scalar-schemas';
import { wellKnownSchema } from './well-known-schemas';

const COMPONENTS = '#/components/schemas/';

export class SchemaRegistry {
  private readonly schemas = new Map<string, SchemaObject>();
  /** Which type (or REST schema) took each component name: two types must not share one. */
  private readonly owners = new Map<string, string>();

  constructor(private readonly comments: ProtoComments) {}

  /** The schema of a message or enum: a $ref, defining it (and what it uses) on first use. */
  schemaOf(desc: DescMessage | DescEnum): SchemaObject {
    if (desc.kind === 'message') {
      const wellKnown = wellKnownSchema(desc.typeName);
      if (wellKnown) return wellKnown;
    }
    const name = desc.typeName.slice(desc.file.proto.package.length + 1);
    if (this.claim(name, desc.typeName)) {
      this.schemas.set(name, {}); // taken before the fields are walked: a message may contain itself
      this.schemas.set(name, desc.kind === 'message' ? this.messageSchema(desc) : this.enumSchema(desc));
    }
    return { $ref: COMPONENTS + name };
  }

  /** A schema of the REST API's own (not a message): its $ref. */
  define(name: string, schema: SchemaObject): SchemaObject {
    if (this.claim(name, `REST schema ${name}`)) this.schemas.set(name, schema);
    return { $ref: COMPONENTS + name };
  }

  /** Every schema defined, by name. */
  all(): Record<string, SchemaObject> {
    return Object.fromEntries([...this.schemas].sort(([a], [b]) => a.localeCompare(b, 'en')));
  }

  /** True when the name is new; throws when another type has it. */
  private claim(name: string, owner: string): boolean {
    const taken = this.owners.get(name);
    if (taken === owner) return false;
    if (taken !== undefined) throw new Error(`${owner} and ${taken} would both be the OpenAPI schema "${name}": rename one of them`);
    this.owners.set(name, owner);
    return true;
  }

  private messageSchema(desc: DescMessage): SchemaObject {
    const properties = Object.fromEntries(desc.fields.map((field) => [field.jsonName, this.fieldSchema(field)]));
    const oneofs = desc.oneofs.filter((oneof) => oneof.fields.length > 1);
    const description = [this.comments.get(desc.typeName), ...oneofs.map((oneof) => this.oneofNote(oneof))];
    return {
      type: 'object',
      ...describe(description),
      properties,
      ...(oneofs.length === 0 ? {} : { allOf: oneofs.map(atMostOneOf) }),
    };
  }

  private oneofNote(oneof: DescOneof): string {
    const members = oneof.fields.map((field) => `\`${field.jsonName}\``).join(', ');
    const comment = this.comments.get(`${oneof.parent.typeName}.${oneof.name}`);
    return `At most one of ${members} is set (oneof \`${oneof.name}\`).${comment ? ` ${comment}` : ''}`;
  }

  private enumSchema(desc: DescEnum): SchemaObject {
    const values = desc.values.map((value) => {
      const comment = this.comments.get(`${desc.typeName}.${value.name}`);
      return `- \`${value.name}\`${comment ? `: ${comment.replace(/\n/g, ' ')}` : ''}`;
    });
    return {
      type: 'string',
      ...describe([this.comments.get(desc.typeName), values.join('\n')]),
      enum: desc.values.map((value) => value.name),
    };
  }

  private fieldSchema(field: DescField): SchemaObject {
    const comment = this.comments.get(`${field.parent.typeName}.${field.name}`);
    const schema = this.valueSchema(field);
    return { ...schema, ...describe([comment, schema.description as string | undefined]) };
  }

  private valueSchema(field: DescField): SchemaObject {
    switch (field.fieldKind) {
      case 'scalar':
        return scalarSchema(field.scalar);
      case 'enum':
        return this.schemaOf(field.enum);
      case 'message':
        return this.schemaOf(field.message);
      case 'list': {
        const item = field.listKind === 'scalar' ? scalarSchema(field.scalar) : this.schemaOf(field.listKind === 'enum' ? field.enum : field.message);
        return { type: 'array', items: item };
      }
      case 'map': {
        const value = field.mapKind === 'scalar' ? scalarSchema(field.scalar) : this.schemaOf(field.mapKind === 'enum' ? field.enum : field.message);
        const keys = mapKeySchema(field.mapKey);
        return { type: 'object', ...(keys ? { propertyNames: keys } : {}), additionalProperties: value };
      }
    }
  }
}

/** {description} from the parts that exist, as paragraphs; nothing when none does. */
function describe(parts: (string | undefined)[]): { description?: string } {
  const text = parts.filter((part): part is string => part !== undefined && part !== '').join('\n\n');
  return text === '' ? {} : { description: text };
}

/** No two members of the oneof together. */
function atMostOneOf(oneof: DescOneof): SchemaObject {
  const names = oneof.fields.map((field) => field.jsonName);
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => ({ required: [a, b] })));
  return { not: pairs.length === 1 ? pairs[0] : { anyOf: pairs } };
}
