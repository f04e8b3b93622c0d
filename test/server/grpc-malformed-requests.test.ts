/**
 * Bytes no gRPC library would send, by hand over HTTP/2: a client's bad bytes
 * are INVALID_ARGUMENT saying what was wrong, never INTERNAL (grpc-js's answer
 * to a deserializer that throws) nor UNIMPLEMENTED (its answer to a
 * one-message call that got none or several).
 */
import { strict as assert } from 'node:assert';
import { create, toBinary } from '@bufbuild/protobuf';
import { status } from '@grpc/grpc-js';
import { GetJobRequestSchema, TailLogRequestSchema } from '../../gen/mobility/v1/agent_control_pb';
import { grpcFrame, rawGrpcCall } from '../helpers/raw-grpc';
import { useTestDaemon } from '../helpers/test-daemon';

const AGENT = '/mobility.v1.AgentControl';
const GARBAGE = Buffer.from('ffffffffffffffffffff', 'hex'); // a varint that never ends
const getJob = (id: string) => grpcFrame(toBinary(GetJobRequestSchema, create(GetJobRequestSchema, { id })));
const tailLog = (log: string) => grpcFrame(toBinary(TailLogRequestSchema, create(TailLogRequestSchema, { log })));
const tenTimes = (frame: Buffer) => Buffer.concat(Array.from({ length: 10 }, () => frame));

interface Case {
  name: string;
  path: string;
  body: Buffer;
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'garbage bytes (unary)',
    path: `${AGENT}/GetJob`,
    body: grpcFrame(GARBAGE),
    message: /^the request is not a valid mobility\.v1\.GetJobRequest: .*protobuf/,
  },
  {
    name: 'garbage bytes (server streaming)',
    path: `${AGENT}/TailLog`,
    body: grpcFrame(Buffer.from('this is not protobuf at all')),
    message: /^the request is not a valid mobility\.v1\.TailLogRequest: /,
  },
  {
    name: 'a truncated message (a string field announces 9 bytes, 3 follow)',
    path: `${AGENT}/TailLog`,
    body: grpcFrame(Buffer.from([0x0a, 0x09, ...Buffer.from('ins')])),
    message: /^the request is not a valid mobility\.v1\.TailLogRequest: it ends in the middle of a field/,
  },
  {
    name: 'invalid UTF-8 in a string field',
    path: `${AGENT}/TailLog`,
    body: grpcFrame(Buffer.from([0x0a, 0x02, 0xc3, 0x28])),
    message: /^the request is not a valid mobility\.v1\.TailLogRequest: a string field is not valid UTF-8/,
  },
  {
    name: 'a truncated frame (the prefix announces 20 bytes, 5 follow)',
    path: `${AGENT}/TailLog`,
    body: grpcFrame(Buffer.from([0x0a, 0x03, ...Buffer.from('ins')]), 20),
    message: /TailLog takes exactly one request message; the request ended before a whole one arrived/,
  },
  {
    name: 'no message at all on a unary call',
    path: `${AGENT}/GetJob`,
    body: Buffer.alloc(0),
    message: /GetJob takes exactly one request message; the request ended before a whole one arrived/,
  },
  {
    name: 'ten messages on a unary call',
    path: `${AGENT}/GetJob`,
    body: tenTimes(getJob('nope')),
    message: /GetJob takes exactly one request message; a second one arrived/,
  },
  {
    name: 'ten messages on a server-streaming call',
    path: `${AGENT}/TailLog`,
    body: tenTimes(tailLog('installer')),
    message: /TailLog takes exactly one request message; a second one arrived/,
  },
  {
    name: 'garbage bytes on a client-streaming call',
    path: `${AGENT}/UploadPackage`,
    body: grpcFrame(GARBAGE),
    message: /^the request is not a valid mobility\.v1\.UploadPackageRequest: /,
  },
  {
    name: 'garbage bytes to health Check',
    path: '/grpc.health.v1.Health/Check',
    body: grpcFrame(GARBAGE),
    message: /^the request is not a valid grpc\.health\.v1\.HealthCheckRequest: /,
  },
  {
    name: 'invalid UTF-8 to health Watch',
    path: '/grpc.health.v1.Health/Watch',
    body: grpcFrame(Buffer.from([0x0a, 0x02, 0xc3, 0x28])),
    message: /^the request is not a valid grpc\.health\.v1\.HealthCheckRequest: a string field is not valid UTF-8/,
  },
  {
    name: 'garbage bytes to server reflection',
    path: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
    body: grpcFrame(GARBAGE),
    message: /^the request is not a valid grpc\.reflection\.v1\.ServerReflectionRequest: /,
  },
  {
    name: 'garbage bytes to server reflection v1alpha',
    path: '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
    body: grpcFrame(GARBAGE),
    message: /^the request is not a valid grpc\.reflection\.v1\.ServerReflectionRequest: /,
  },
];

describe('finding 7: malformed protobuf and framing get INVALID_ARGUMENT', () => {
  const daemon = useTestDaemon({ shared: true });

  it('finding 7: a well-formed hand-built request is answered as usual (the raw client works)', async () => {
    const answer = await rawGrpcCall(daemon().address, `${AGENT}/GetJob`, getJob('nope'));
    assert.equal(answer.httpStatus, 200);
    assert.equal(answer.grpcStatus, status.NOT_FOUND, answer.grpcMessage);
  });

  for (const c of CASES) {
    it(`finding 7: ${c.name} → INVALID_ARGUMENT`, async () => {
      const answer = await rawGrpcCall(daemon().address, c.path, c.body);
      assert.equal(answer.rstCode, 0, 'the stream ends with a status, not a reset');
      assert.equal(
        answer.grpcStatus,
        status.INVALID_ARGUMENT,
        `expected INVALID_ARGUMENT, got ${status[answer.grpcStatus ?? -1] ?? answer.grpcStatus}: ${answer.grpcMessage}`,
      );
      assert.match(answer.grpcMessage ?? '', c.message);
    });
  }

  // Decided by grpc-js below any interceptor; docs/grpc-errors.md lists these answers, and these tests keep the list true.
  const compressed = (payload: Buffer) => {
    const frame = grpcFrame(payload);
    frame[0] = 1; // the compressed flag
    return frame;
  };
  const DECIDED_BY_GRPC_JS: Array<{ name: string; body: Buffer; headers: Record<string, string>; code: status; message: RegExp }> = [
    {
      name: 'a compressed message that does not decompress',
      body: compressed(Buffer.from('this is not gzip')),
      headers: { 'grpc-encoding': 'gzip' },
      code: status.INTERNAL,
      message: /^Failed to decompress message$/,
    },
    {
      name: 'a compression grpc-js does not support',
      body: compressed(Buffer.from('whatever')),
      headers: { 'grpc-encoding': 'snappy' },
      code: status.UNIMPLEMENTED,
      message: /^Received message compressed with unsupported encoding "snappy"$/,
    },
    {
      name: 'a frame announcing more than 16 MiB',
      body: grpcFrame(Buffer.from('abc'), 16 * 1024 * 1024 + 1),
      headers: {},
      code: status.RESOURCE_EXHAUSTED,
      message: /^Received message larger than max \(16777217 vs 16777216\)$/,
    },
    {
      name: 'a malformed grpc-timeout header',
      body: getJob('nope'),
      headers: { 'grpc-timeout': 'soon' },
      code: status.INTERNAL,
      message: /^Invalid grpc-timeout value "soon"$/,
    },
  ];
  for (const c of DECIDED_BY_GRPC_JS) {
    it(`finding 7: ${c.name} → ${status[c.code]}, as grpc-js decides (documented)`, async () => {
      const answer = await rawGrpcCall(daemon().address, `${AGENT}/GetJob`, c.body, c.headers);
      assert.equal(answer.grpcStatus, c.code, `${status[answer.grpcStatus ?? -1]}: ${answer.grpcMessage}`);
      assert.match(answer.grpcMessage ?? '', c.message);
    });
  }

  it('finding 7: the daemon still answers well-formed calls after all of them', async () => {
    const { jobs } = await daemon().client.listJobs();
    assert.deepEqual(jobs, []);
  });
});
