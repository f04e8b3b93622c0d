/**
 * The gRPC corpus: every string field crossed with the hostile values
 * (hostile-fields.ts), then what is not a string: configuration-server
 * addresses that are no unicast IP, negative and huge numbers, unknown enum
 * numbers, malformed protobuf and framing, oversized messages, and uploads
 * with no header, two headers, a wrong size, a wrong hash or no package in them.
 */
import { createHash } from 'node:crypto';
import { create, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { AgentControl, AgentRole, GetJobRequestSchema, InstallRequestSchema, Platform } from '../../../gen/mobility/v1/agent_control_pb';
import type { Case, Refusal } from './corpus-types';
import type { GrpcRequest } from './grpc-call';
import { PACKAGE_NAME } from './hostile-daemon';
import { grpcFieldCases, NO_SUCH_JOB, NOT_AN_ENDPOINT, PASSPHRASE, SOME_SHA256 } from './hostile-fields';
import { grpcFrame } from '../../helpers/raw-grpc';

type GrpcCase = Case<GrpcRequest>;

const AGENT = '/mobility.v1.AgentControl';
const invalid = (mentions: RegExp): Refusal => ({ code: 'invalid_argument', mentions });
const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const frame = (schema: DescMessage, init: Record<string, unknown>) => grpcFrame(toBinary(schema, create(schema, init as never)));

function endpointCases(): GrpcCase[] {
  return NOT_AN_ENDPOINT.map(([what, value]) => ({
    name: `Register registration.cs_endpoint: ${what} (${JSON.stringify(value)})`,
    request: { rpc: 'register', init: { registration: { csEndpoint: value, passphraseSource: { case: 'passphrase', value: PASSPHRASE } } } },
    expect: invalid(/cs_endpoint .* is refused: /),
    value,
  }));
}

const tail = (init: Record<string, unknown>): GrpcRequest => ({ rpc: 'tailLog', init: { log: 'installer', ...init } });
const install = (init: Record<string, unknown>): GrpcRequest => ({ rpc: 'install', init: { role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, ...init } });
const header = (name: string, sha256: string, sizeBytes: bigint) => ({ case: 'header', value: { name, sha256, sizeBytes } });
const chunk = (text: string) => ({ case: 'chunk', value: Buffer.from(text) });
const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

const NUMBERS_AND_ENUMS: GrpcCase[] = [
  { name: 'TailLog last_lines -1', request: tail({ lastLines: -1n }), expect: invalid(/last_lines must be a whole number from 0 to 1,000,000/) },
  { name: 'TailLog last_lines 1,000,001', request: tail({ lastLines: 1_000_001n }), expect: invalid(/last_lines must be/) },
  { name: 'TailLog last_lines 2^63-1', request: tail({ lastLines: MAX_INT64 }), expect: invalid(/last_lines must be/) },
  { name: 'TailLog start_offset -1', request: tail({ startOffset: -1n }), expect: invalid(/start_offset must be 0 or a positive byte offset/) },
  { name: 'TailLog start_offset 2^63-1', request: tail({ startOffset: MAX_INT64 }), expect: invalid(/start_offset must be/) },
  { name: 'TailLog start_offset far past the end', request: tail({ startOffset: 10n ** 12n }), expect: { code: 'out_of_range', mentions: /start_offset 1000000000000 is past the end of log "installer"/ } },
  { name: 'TailLog start_offset inside a line', request: tail({ startOffset: 3n }), expect: invalid(/start_offset 3 is inside a line of log "installer"/) },
  { name: 'TailLog last_lines and start_offset together', request: tail({ lastLines: 5n, startOffset: 0n }), expect: invalid(/last_lines and start_offset exclude each other/) },
  { name: 'TailLog max_bytes -1', request: tail({ maxBytes: -1n }), expect: invalid(/max_bytes must be 0 \(no limit\) or a positive number/) },
  { name: 'TailLog max_bytes -2^63', request: tail({ maxBytes: MIN_INT64 }), expect: invalid(/max_bytes must be/) },
  { name: 'ListJobs page_size -1', request: { rpc: 'listJobs', init: { pageSize: -1 } }, expect: invalid(/page_size must be 0/) },
  { name: 'ListJobs page_size -2^31', request: { rpc: 'listJobs', init: { pageSize: -(2 ** 31) } }, expect: invalid(/page_size must be 0/) },
  { name: 'Install role 99 (an unknown enum number)', request: install({ role: 99 }), expect: invalid(/role 99 is not an agent role/) },
  { name: 'Install role -1 (a negative enum number)', request: install({ role: -1 }), expect: invalid(/role -1 is not an agent role/) },
  { name: 'Install role unspecified', request: install({ role: 0 }), expect: invalid(/^role is required/) },
  { name: 'Install platform 42 (an unknown enum number)', request: install({ platform: 42 }), expect: invalid(/platform 42 is not a platform/) },
  { name: 'Install platform -2^31', request: install({ platform: -(2 ** 31) }), expect: invalid(/platform -2147483648 is not a platform/) },
  { name: 'UploadPackage size_bytes 0', request: { rpc: 'uploadPackage', parts: [header(PACKAGE_NAME, SOME_SHA256, 0n)] }, expect: invalid(/size_bytes must be the package's size in bytes, more than 0/) },
  {
    name: 'UploadPackage size_bytes 2^64-1',
    request: { rpc: 'uploadPackage', parts: [header(PACKAGE_NAME, SOME_SHA256, 2n ** 64n - 1n), chunk('x')] },
    expect: { code: 'resource_exhausted', mentions: /more than this daemon accepts/ },
  },
  {
    name: 'UploadPackage size_bytes 5 GiB (over the limit)',
    request: { rpc: 'uploadPackage', parts: [header(PACKAGE_NAME, SOME_SHA256, 5n * 2n ** 30n), chunk('x')] },
    expect: { code: 'resource_exhausted', mentions: /the package is 5368709120 bytes, more than this daemon accepts/ },
  },
];

const NOT_A_PACKAGE = 'this is not an installer\n';
/** A valid name the repository does not hold: an upload under it gets as far as its content. */
const NEW_NAME = PACKAGE_NAME.replace('9.30.0.0', '9.31.0.0');

const UPLOADS: GrpcCase[] = [
  { name: 'UploadPackage with no message at all', request: { rpc: 'uploadPackage', parts: [] }, expect: invalid(/the first UploadPackage message must be the header/) },
  { name: 'UploadPackage with no header (content first)', request: { rpc: 'uploadPackage', parts: [chunk('x'), chunk('y')] }, expect: invalid(/the first UploadPackage message must be the header/) },
  {
    name: 'UploadPackage with two headers',
    request: { rpc: 'uploadPackage', parts: [header(NEW_NAME, sha256Of('x'), 1n), header(NEW_NAME, sha256Of('x'), 1n), chunk('x')] },
    expect: invalid(/UploadPackage takes one header, first/),
  },
  {
    name: 'UploadPackage with more content than size_bytes',
    request: { rpc: 'uploadPackage', parts: [header(NEW_NAME, sha256Of('x'), 1n), chunk('xyz')] },
    expect: invalid(/more than the declared size_bytes \(1\) arrived; nothing was stored/),
  },
  {
    name: 'UploadPackage with less content than size_bytes',
    request: { rpc: 'uploadPackage', parts: [header(NEW_NAME, sha256Of('x'), 100n), chunk('x')] },
    expect: invalid(/the content ended after 1 of the declared 100 bytes \(size_bytes\); nothing was stored/),
  },
  {
    name: 'UploadPackage with 1,000 empty chunks and no content',
    request: { rpc: 'uploadPackage', parts: [header(NEW_NAME, sha256Of('x'), 1n), ...Array.from({ length: 1_000 }, () => chunk(''))] },
    expect: invalid(/the content ended after 0 of the declared 1 bytes/),
  },
  {
    name: 'UploadPackage whose content does not match its sha256',
    request: { rpc: 'uploadPackage', parts: [header(NEW_NAME, SOME_SHA256, 1n), chunk('x')] },
    expect: invalid(/does not match the declared/),
  },
  {
    name: 'UploadPackage of a file that is no installer package',
    request: {
      rpc: 'uploadPackage',
      parts: [header(NEW_NAME, sha256Of(NOT_A_PACKAGE), BigInt(NOT_A_PACKAGE.length)), chunk(NOT_A_PACKAGE)],
    },
    expect: invalid(/is not an agent installer package: .*nothing was stored/),
  },
  {
    name: 'UploadPackage over an existing package with other content',
    request: { rpc: 'uploadPackage', parts: [header(PACKAGE_NAME, sha256Of('x'), 1n), chunk('x')] },
    expect: { code: 'already_exists', mentions: /a different package named .* is already in the repository/ },
  },
];

const GARBAGE = Buffer.from('ffffffffffffffffffff', 'hex'); // a varint that never ends

function malformedCases(): GrpcCase[] {
  const perMethod: GrpcCase[] = AgentControl.methods.map((method) => ({
    name: `${method.name} with garbage bytes for a message`,
    request: { path: `${AGENT}/${method.name}`, body: grpcFrame(GARBAGE) },
    expect: invalid(new RegExp(`^the request is not a valid ${method.input.typeName.replace(/\./g, '\\.')}: `)),
  }));
  const raw = (name: string, method: string, body: Buffer, expect: GrpcCase['expect'], more: { headers?: Record<string, string>; value?: string } = {}): GrpcCase => ({
    name,
    request: { path: `${AGENT}/${method}`, body, headers: more.headers },
    expect,
    value: more.value,
  });
  const notValid = (type: string) => invalid(new RegExp(`^the request is not a valid mobility\\.v1\\.${type}: `));
  const hugeId = 'i'.repeat(8 * 1024 * 1024);
  return [
    ...perMethod,
    raw('Install with invalid UTF-8 in install_location', 'Install', grpcFrame(Buffer.from([0x1a, 0x02, 0xc3, 0x28])), invalid(/a string field is not valid UTF-8/)),
    raw('GetJob with a length prefix past the end of the message', 'GetJob', grpcFrame(Buffer.from('0affffffff0f', 'hex')), notValid('GetJobRequest')),
    raw('GetJob with field number 0', 'GetJob', grpcFrame(Buffer.from('0000', 'hex')), notValid('GetJobRequest')),
    raw('GetJob with a varint where its string belongs (wrong wire type)', 'GetJob', grpcFrame(Buffer.from('0801', 'hex')), invalid(/GetJobRequest: .*or a field has the wrong wire type/)),
    raw('TailLog with an 11-byte varint', 'TailLog', grpcFrame(Buffer.from('10ffffffffffffffffffff01', 'hex')), notValid('TailLogRequest')),
    raw('TailLog with a group that never ends', 'TailLog', grpcFrame(Buffer.from('0b', 'hex')), notValid('TailLogRequest')),
    raw('ListJobs with an illegal wire type', 'ListJobs', grpcFrame(Buffer.from('0f', 'hex')), notValid('ListJobsRequest')),
    raw('Register with a frame cut short', 'Register', grpcFrame(Buffer.from('0a03616263', 'hex'), 64), invalid(/Register takes exactly one request message; the request ended before a whole one arrived/)),
    raw('CancelJob with no message', 'CancelJob', Buffer.alloc(0), invalid(/CancelJob takes exactly one request message/)),
    raw('DeletePackage with two messages', 'DeletePackage', Buffer.concat([frame(GetJobRequestSchema, { id: 'a' }), frame(GetJobRequestSchema, { id: 'b' })]), invalid(/DeletePackage takes exactly one request message; a second one arrived/)),
    raw('a frame announcing more than 16 MiB', 'GetJob', grpcFrame(Buffer.from('0a0161', 'hex'), 16 * 1024 * 1024 + 1), { code: 'resource_exhausted', mentions: /larger than max/ }),
    raw('GetJob with an id of 8 MiB', 'GetJob', frame(GetJobRequestSchema, { id: hugeId }), { code: 'not_found', mentions: /there is no job "i+…" on this host/ }, { value: hugeId }),
    raw(
      'Install with an 8 MiB install_location',
      'Install',
      frame(InstallRequestSchema, { role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, installLocation: `/${hugeId}` }),
      invalid(/install_location .* is refused: it is 8388609 characters long/),
      { value: `/${hugeId}` },
    ),
    // Field 111, length-delimited, 1 MiB long: unknown fields are skipped, so this is GetJob with no id.
    raw('GetJob with only an unknown field of 1 MiB', 'GetJob', grpcFrame(Buffer.concat([Buffer.from('fa06808040', 'hex'), Buffer.alloc(1024 * 1024, 0x61)])), { code: 'not_found', mentions: /there is no job "" on this host/ }),
    raw('a method that does not exist', 'Nope', grpcFrame(Buffer.alloc(0)), { code: 'unimplemented', mentions: /does not implement the method \/mobility\.v1\.AgentControl\/Nope/ }),
    raw('a method path with ".."', '../grpc.health.v1.Health/Check', grpcFrame(Buffer.alloc(0)), { code: 'unimplemented', mentions: /does not implement the method/ }),
    raw('a request that is not gRPC (Content-Type application/json)', 'GetJob', Buffer.from(JSON.stringify({ id: NO_SUCH_JOB })), { httpStatus: 415 }, { headers: { 'content-type': 'application/json' } }),
  ];
}

export function grpcCorpus(): GrpcCase[] {
  return [...grpcFieldCases(), ...endpointCases(), ...NUMBERS_AND_ENUMS, ...UPLOADS, ...malformedCases()];
}
