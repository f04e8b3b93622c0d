/**
 * A TailLog follower with as little client-side work as possible, so that 100
 * of them do not steal the CPU the daemon needs (client and daemon share two
 * cores here): the request is encoded with the generated schema, responses are
 * taken as raw bytes and only LogChunk.data and LogEvent.kind are decoded by
 * hand from the protobuf wire format.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AgentControl, TailLogRequestSchema, type TailLogRequest } from '../../gen/mobility/v1/agent_control_pb';

const TAIL_LOG_PATH = `/${AgentControl.typeName}/${AgentControl.method.tailLog.name}`;

export const LEAN_CLIENT_OPTIONS: grpc.ClientOptions = {
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  // Each client its own connection (grpc-js shares one per target otherwise).
  'grpc.use_local_subchannel_pool': 1,
};

export interface LeanFollowHandlers {
  onChunk(data: Buffer): void;
  onEvent(kind: number): void;
  onEnd(error?: Error): void;
}

export function followLean(client: grpc.Client, log: string, timeoutMs: number, handlers: LeanFollowHandlers): { cancel(): void } {
  const request = create(TailLogRequestSchema, { log, follow: true });
  const call = client.makeServerStreamRequest<TailLogRequest, Buffer>(
    TAIL_LOG_PATH,
    (message) => Buffer.from(toBinary(TailLogRequestSchema, message)),
    (buffer) => buffer,
    request,
    new grpc.Metadata(),
    { deadline: Date.now() + timeoutMs },
  );
  let ended = false;
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    handlers.onEnd(error);
  };
  call.on('data', (message: Buffer) => decodeTailLogResponse(message, handlers));
  call.on('error', (err: Error) => end(err));
  call.on('end', () => end());
  return { cancel: () => call.cancel() };
}

/** TailLogResponse { oneof item { LogChunk chunk = 1; LogEvent event = 2; } } */
function decodeTailLogResponse(buf: Buffer, handlers: LeanFollowHandlers): void {
  const r = { pos: 0 };
  while (r.pos < buf.length) {
    const tag = varint(buf, r);
    const field = tag >>> 3;
    if ((tag & 7) !== 2) {
      skip(buf, r, tag & 7);
      continue;
    }
    const len = varint(buf, r);
    const body = buf.subarray(r.pos, r.pos + len);
    r.pos += len;
    if (field === 1) {
      const data = findField(body, 2, 2);
      if (data) handlers.onChunk(data as Buffer);
    } else if (field === 2) {
      const kind = findField(body, 1, 0);
      handlers.onEvent(typeof kind === 'number' ? kind : 0);
    }
  }
}

/** The first occurrence of a field: a Buffer for length-delimited, a number for varint. */
function findField(buf: Buffer, wanted: number, wireType: 0 | 2): Buffer | number | undefined {
  const r = { pos: 0 };
  while (r.pos < buf.length) {
    const tag = varint(buf, r);
    const type = tag & 7;
    if (tag >>> 3 === wanted && type === wireType) {
      if (type === 0) return varint(buf, r);
      const len = varint(buf, r);
      return buf.subarray(r.pos, r.pos + len);
    }
    skip(buf, r, type);
  }
  return undefined;
}

function varint(buf: Buffer, r: { pos: number }): number {
  let result = 0;
  let factor = 1;
  for (;;) {
    const byte = buf[r.pos++];
    result += (byte & 0x7f) * factor;
    if (byte < 0x80 || r.pos >= buf.length) return result;
    factor *= 128;
  }
}

function skip(buf: Buffer, r: { pos: number }, type: number): void {
  if (type === 0) varint(buf, r);
  else if (type === 1) r.pos += 8;
  else if (type === 2) r.pos += varint(buf, r);
  else if (type === 5) r.pos += 4;
  else throw new Error(`unexpected protobuf wire type ${type}`);
}
