/**
 * Followers of the installer log for the slow-client tests, on both
 * transports: one that reads everything and tells how far it got, and one
 * that stops reading as soon as it is subscribed (its socket or HTTP/2 stream
 * paused, so flow control is all that holds the daemon back) and can be
 * resumed later to hear how its stream ended.
 *
 * Each starts at a known offset (the log's size when it connects), so "how
 * far" is an offset in the file, and each is subscribed once its response
 * headers arrive: mobilityd sends them only after it opened the log.
 */
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { create, toBinary } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AgentControl, TailLogRequestSchema, type TailLogResponse } from '../../../gen/mobility/v1/agent_control_pb';
import { serviceDefinition } from '../../../contract/service-definition';
import { grpcFrame } from '../../helpers/raw-grpc';
import { Waitable } from '../../helpers/waitable';

/** Where a reading follower has got to in the file. */
export class ReadingFollower extends Waitable {
  offset: number;

  constructor(
    start: number,
    readonly close: () => void,
  ) {
    super();
    this.offset = start;
  }

  untilOffset(offset: number): Promise<void> {
    return this.until((f) => f.offset >= offset, `offset ${offset}`);
  }

  advance(offset: number): void {
    this.offset = offset;
    this.notify();
  }

  fail(error: Error): void {
    this.error = error;
    this.ended = true;
    this.notify();
  }
}

/** How a resumed stalled follower's stream ended: gRPC status, or the REST error line. */
export interface StreamEnd {
  code?: string | number;
  message: string;
}

export interface StalledFollower {
  /** Reads again, everything the daemon still sends, until the stream ends. */
  resume(): Promise<StreamEnd>;
  close(): void;
}

const TAIL = serviceDefinition(AgentControl).tailLog;

/** A gRPC follower (grpc-js) from `start`, reading every message as it comes. */
export function readGrpc(address: string, start: number): Promise<ReadingFollower> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const request = create(TailLogRequestSchema, { log: 'installer', follow: true, startOffset: BigInt(start) });
  const call = client.makeServerStreamRequest(TAIL.path, TAIL.requestSerialize, TAIL.responseDeserialize, request);
  const follower = new ReadingFollower(start, () => {
    call.cancel();
    client.close();
  });
  return new Promise((resolve, reject) => {
    call.once('metadata', () => resolve(follower));
    call.on('data', (response: TailLogResponse) => {
      if (response.item.case === 'chunk') follower.advance(Number(response.item.value.nextOffset));
    });
    call.on('error', (err: grpc.ServiceError) => {
      follower.fail(err);
      reject(err);
    });
  });
}

/** A REST follower (plain text, the lines themselves) from `start`, counting what arrives. */
export function readRest(base: string, start: number): Promise<ReadingFollower> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/v1/logs/installer?follow=true&from=${start}&format=text`, base);
    const req = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url.pathname}: ${res.statusCode}`));
      const follower = new ReadingFollower(start, () => req.destroy());
      res.on('data', (chunk: Buffer) => follower.advance(follower.offset + chunk.length));
      res.once('error', (err) => follower.fail(err));
      resolve(follower);
    });
    req.once('error', reject);
  });
}

/** A gRPC follower over its own HTTP/2 connection that stops reading once subscribed. */
export function stallGrpc(address: string, start: number): Promise<StalledFollower> {
  const session = http2.connect(`http://${address}`);
  const stream = session.request({ ':method': 'POST', ':path': TAIL.path, 'content-type': 'application/grpc', te: 'trailers' });
  stream.end(grpcFrame(toBinary(TailLogRequestSchema, create(TailLogRequestSchema, { log: 'installer', follow: true, startOffset: BigInt(start) }))));
  stream.pause();
  const close = () => {
    stream.destroy();
    session.destroy();
  };
  const resume = (): Promise<StreamEnd> =>
    new Promise((resolve) => {
      const end: StreamEnd = { message: '' };
      stream.on('trailers', (trailers) => {
        end.code = Number(trailers['grpc-status']);
        end.message = decodeURIComponent(String(trailers['grpc-message'] ?? ''));
      });
      stream.on('data', () => undefined); // and flowing again
      stream.once('close', () => resolve(end));
      stream.resume();
    });
  return new Promise((resolve, reject) => {
    session.once('error', reject);
    stream.once('response', () => resolve({ resume, close }));
  });
}

/** A REST follower (NDJSON) over a raw socket that stops reading once its answer's headers arrived. */
export function stallRest(base: string, start: number): Promise<StalledFollower> {
  const url = new URL(base);
  const socket = net.connect(Number(url.port), '127.0.0.1');
  socket.write(`GET /v1/logs/installer?follow=true&from=${start} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  let received = Buffer.alloc(0);
  const close = () => socket.destroy();
  const resume = (): Promise<StreamEnd> =>
    new Promise((resolve) => {
      // The last NDJSON line is the error record: only the tail is kept.
      socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk]).subarray(-64 * 1024)));
      socket.once('close', () => resolve(lastErrorLine(received.toString('utf8'))));
      socket.resume();
    });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!received.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      resolve({ resume, close });
    };
    socket.on('data', onData);
  });
}

function lastErrorLine(text: string): StreamEnd {
  const line = text.split('\n').reverse().find((l) => l.includes('"error"'));
  if (!line) return { message: `no error line; the stream ended with: ${JSON.stringify(text.slice(-200))}` };
  // Chunked framing may surround it: the JSON object is between the first { and the last }.
  const json = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1)) as { error: { code: string; message: string } };
  return { code: json.error.code, message: json.error.message };
}
