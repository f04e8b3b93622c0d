/**
 * A request message that does not decode. grpc-js answers a deserializer that
 * throws with INTERNAL "Error deserializing request", which blames the server
 * for the client's bytes. So the server's deserializers never throw: they hand
 * this marker on, and the request-checks interceptor answers it with
 * INVALID_ARGUMENT saying what was wrong.
 */
import { fromBinary, type DescMessage } from '@bufbuild/protobuf';
import { cutValue } from '../../contract/quote-value';

export class MalformedRequest {
  constructor(
    /** The message type expected, e.g. mobility.v1.TailLogRequest. */
    readonly typeName: string,
    /** What is wrong with the bytes, for the person who sent them. */
    readonly problem: string,
  ) {}

  get message(): string {
    return `the request is not a valid ${this.typeName}: ${this.problem}`;
  }
}

/** fromBinary for requests: the message, or a MalformedRequest. */
export function requestDeserializer(schema: DescMessage) {
  return (buffer: Buffer): object => {
    try {
      return fromBinary(schema, buffer);
    } catch (err) {
      return new MalformedRequest(schema.typeName, decodeProblem(err));
    }
  };
}

/** protobuf-es's errors in plain words (its own text is kept, cut short, for the rest). */
function decodeProblem(err: unknown): string {
  if ((err as NodeJS.ErrnoException)?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    return 'a string field is not valid UTF-8 (protobuf strings must be UTF-8)';
  }
  const text = cutValue(err instanceof Error ? err.message : String(err));
  // protobuf-es reads a field by its number, so a wrong wire type (a varint where a string belongs) also runs off the end.
  if (text === 'premature EOF') return 'it ends in the middle of a field (the message was cut short, or a field has the wrong wire type for its number)';
  return `it cannot be decoded as protobuf (${text}); send the binary protobuf encoding of the message`;
}
