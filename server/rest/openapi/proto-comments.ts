/**
 * The proto file's comments, by the full name of what they document, from a
 * buf image (a FileDescriptorSet with source info). The descriptors generated
 * into gen/ carry no comments, and the contract's own words are what a reader
 * of the OpenAPI document needs: they become its descriptions.
 *
 * Names: "mobility.v1.Job" (message or enum), "mobility.v1.Job.request_id"
 * (field, by its proto name), "mobility.v1.Job.request" (oneof),
 * "mobility.v1.JobState.JOB_STATE_QUEUED" (enum value, under its enum),
 * "mobility.v1.AgentControl.GetJob" (method).
 */
import { fromBinary } from '@bufbuild/protobuf';
import {
  DescriptorProtoSchema,
  EnumDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  ServiceDescriptorProtoSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type SourceCodeInfo_Location,
} from '@bufbuild/protobuf/wkt';

export type ProtoComments = ReadonlyMap<string, string>;

const FILE = FileDescriptorProtoSchema.field;
const MESSAGE = DescriptorProtoSchema.field;

export function protoComments(image: Uint8Array): ProtoComments {
  const comments = new Map<string, string>();
  for (const file of fromBinary(FileDescriptorSetSchema, image).file) {
    const locations = new Map((file.sourceCodeInfo?.location ?? []).map((location) => [location.path.join('.'), location]));
    const note = (name: string, path: number[]) => {
      const text = commentText(locations.get(path.join('.')));
      if (text !== '') comments.set(name, text);
    };
    const walkEnum = (desc: EnumDescriptorProto, name: string, path: number[]) => {
      note(name, path);
      desc.value.forEach((value, i) => note(`${name}.${value.name}`, [...path, EnumDescriptorProtoSchema.field.value.number, i]));
    };
    const walkMessage = (desc: DescriptorProto, name: string, path: number[]) => {
      note(name, path);
      desc.field.forEach((field, i) => note(`${name}.${field.name}`, [...path, MESSAGE.field.number, i]));
      desc.oneofDecl.forEach((oneof, i) => note(`${name}.${oneof.name}`, [...path, MESSAGE.oneofDecl.number, i]));
      desc.nestedType.forEach((nested, i) => walkMessage(nested, `${name}.${nested.name}`, [...path, MESSAGE.nestedType.number, i]));
      desc.enumType.forEach((nested, i) => walkEnum(nested, `${name}.${nested.name}`, [...path, MESSAGE.enumType.number, i]));
    };
    const prefix = file.package === '' ? '' : `${file.package}.`;
    file.messageType.forEach((desc, i) => walkMessage(desc, prefix + desc.name, [FILE.messageType.number, i]));
    file.enumType.forEach((desc, i) => walkEnum(desc, prefix + desc.name, [FILE.enumType.number, i]));
    file.service.forEach((service, i) => {
      const path = [FILE.service.number, i];
      note(prefix + service.name, path);
      service.method.forEach((method, j) =>
        note(`${prefix}${service.name}.${method.name}`, [...path, ServiceDescriptorProtoSchema.field.method.number, j]),
      );
    });
  }
  return comments;
}

/** Leading and trailing comments (`int32 code = 1;  // The process exit code.`), as Markdown paragraphs. */
function commentText(location: SourceCodeInfo_Location | undefined): string {
  if (!location) return '';
  return [location.leadingComments, location.trailingComments]
    .map((comment) =>
      comment
        .split('\n')
        .map((line) => line.replace(/^ /, '').trimEnd())
        .join('\n')
        .trim(),
    )
    .filter((text) => text !== '')
    .join('\n\n');
}
