/**
 * The bare baselines' methods, written by hand: raw Buffers in and out, no
 * protobuf. ReadFile's request is UTF-8 JSON ({"maxBytes": N}, 0 = the whole
 * file); each response message is up to 64 KiB of whole lines. Ping answers
 * an empty message.
 */
import type { MethodDefinition } from '@grpc/grpc-js';

export const BARE_CHUNK_BYTES = 64 * 1024;

const identity = (buffer: Buffer): Buffer => buffer;

export const bareReadFile: MethodDefinition<Buffer, Buffer> = {
  path: '/bench.BareStream/ReadFile',
  originalName: 'ReadFile',
  requestStream: false,
  responseStream: true,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};

/** A unary call with an empty response: the floor under GetStatus. */
export const barePing: MethodDefinition<Buffer, Buffer> = {
  path: '/bench.BareStream/Ping',
  originalName: 'Ping',
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};

export interface BareRequest {
  maxBytes?: number;
}
