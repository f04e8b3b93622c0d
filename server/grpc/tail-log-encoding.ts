/**
 * A hand-rolled encoder for TailLog's log chunks, byte-identical to
 * protobuf-es's toBinary (a test proves it). Chunks carry up to 1 MiB of log;
 * toBinary grows its buffer from 128 bytes and copies the payload twice, which
 * made backfill cost the daemon 3x the CPU of a bare stream. Here the payload
 * is copied once, into a buffer of the exact size. Events are rare and small:
 * they go through protobuf-es as usual.
 */
import { toBinary } from '@bufbuild/protobuf';
import { TailLogResponseSchema, type LogChunk, type TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';

// Field tags: (field number << 3) | wire type.
const RESPONSE_CHUNK = 0x0a; // TailLogResponse.chunk = 1, length-delimited
const OFFSET = 0x08; // LogChunk.offset = 1, varint
const DATA = 0x12; // LogChunk.data = 2, length-delimited
const LINE_COUNT = 0x18; // LogChunk.line_count = 3, varint
const NEXT_OFFSET = 0x20; // LogChunk.next_offset = 4, varint
const FILE_ID = 0x2a; // LogChunk.file_id = 5, length-delimited
const PREVIOUS_FILE = 0x30; // LogChunk.previous_file = 6, varint (bool)

export function encodeTailLogResponse(message: TailLogResponse): Buffer {
  if (message.item.case !== 'chunk') {
    const bytes = toBinary(TailLogResponseSchema, message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return encodeChunk(message.item.value);
}

function encodeChunk(chunk: LogChunk): Buffer {
  const offset = Number(chunk.offset);
  const next = Number(chunk.nextOffset);
  const fileId = Buffer.from(chunk.fileId, 'utf8');
  const data = chunk.data;
  // proto3: fields holding their default value are not written.
  const inner =
    (offset ? 1 + varintSize(offset) : 0) +
    (data.length ? 1 + varintSize(data.length) + data.length : 0) +
    (chunk.lineCount ? 1 + varintSize(chunk.lineCount) : 0) +
    (next ? 1 + varintSize(next) : 0) +
    (fileId.length ? 1 + varintSize(fileId.length) + fileId.length : 0) +
    (chunk.previousFile ? 2 : 0);
  const out = Buffer.allocUnsafe(1 + varintSize(inner) + inner);
  let pos = writeVarint(out, writeByte(out, 0, RESPONSE_CHUNK), inner);
  if (offset) pos = writeVarint(out, writeByte(out, pos, OFFSET), offset);
  if (data.length) {
    pos = writeVarint(out, writeByte(out, pos, DATA), data.length);
    out.set(data, pos);
    pos += data.length;
  }
  if (chunk.lineCount) pos = writeVarint(out, writeByte(out, pos, LINE_COUNT), chunk.lineCount);
  if (next) pos = writeVarint(out, writeByte(out, pos, NEXT_OFFSET), next);
  if (fileId.length) {
    pos = writeVarint(out, writeByte(out, pos, FILE_ID), fileId.length);
    pos += fileId.copy(out, pos);
  }
  if (chunk.previousFile) writeVarint(out, writeByte(out, pos, PREVIOUS_FILE), 1);
  return out;
}

/** Varint size of a non-negative integer below 2^53 (offsets, lengths, counts). */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[pos++] = n;
  return pos;
}

function writeByte(out: Buffer, pos: number, byte: number): number {
  out[pos] = byte;
  return pos + 1;
}
