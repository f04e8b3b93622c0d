/**
 * Every string field of every request, with a valid value, how the daemon's
 * messages name it, the answer a hostile value must get, and how the field
 * travels on each transport. The corpus crosses this list with the hostile
 * values (hostile-values.ts): no variant is written by hand per field.
 *
 * Around the hostile value the request is valid and would start a job on the
 * corpus's daemon (hostile-daemon.ts): a value that slipped through shows.
 */
import { AgentRole, Platform } from '../../../gen/mobility/v1/agent_control_pb';
import { encodePageToken } from '../../../server/core/jobs/job-paging';
import type { Case, Refusal } from './corpus-types';
import type { GrpcRequest } from './grpc-call';
import { PACKAGE_NAME } from './hostile-daemon';
import { CANARY, characterVariants, nameVariants, type HostileValue } from './hostile-values';
import type { RestRequest } from './rest-call';

export const SOME_SHA256 = 'ab'.repeat(32);
export const NO_SUCH_JOB = '0000000aa-00000000';
/** No six characters of it occur in any message, so the secret check cannot mistake a word of a message for it. */
export const PASSPHRASE = 'Qx7-Zv9-Kw2-Jm5';
/** Addresses that are not one configuration server's unicast IP, each refused with its reason. */
export const NOT_AN_ENDPOINT: Array<[string, string]> = [
  ['a host name', 'cs.example.com'],
  ['localhost', 'localhost'],
  ['a URL', 'http://10.0.0.5/'],
  ['an address with a port', '10.0.0.5:443'],
  ['a CIDR prefix', '10.0.0.0/8'],
  ['an IPv6 zone index', 'fe80::1%eth0'],
  ['a bracketed IPv6 address', '[fd00::5]'],
  ['the unspecified address', '0.0.0.0'],
  ['the broadcast address', '255.255.255.255'],
  ['a multicast address', '224.0.0.1'],
  ['a class E address', '240.0.0.1'],
  ['the IPv6 unspecified address', '::'],
  ['an IPv6 multicast address', 'ff02::1'],
  ['an IPv4-mapped unspecified address', '::ffff:0.0.0.0'],
  ['an IPv4-mapped multicast address', '::ffff:224.0.0.1'],
  ['an address as one integer', '167772165'],
  ['a hexadecimal address', '0x0a.0x00.0x00.0x05'],
  ['an octal-looking address', '010.0.0.5'],
  ['a short-form address', '10.5'],
  ['an octet over 255', '10.0.0.256'],
  ['only spaces', '   '],
];

const PASSPHRASE_FILE = '/etc/mobilityd/passphrases/cs.passphrase';
const MS_VMWARE = { role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE };

const JSON_POST: Array<[string, string]> = [['Content-Type', 'application/json']];
const enc = encodeURIComponent;
const literal = (value: string) => ({ case: 'passphrase', value });
const fromFile = (value: string) => ({ case: 'passphraseFile', value });

interface StringField {
  /** As titles show it, e.g. "Install install_location". */
  name: string;
  valid: string;
  /** Also gets traversal and shell values (names, paths, addresses, ids, hashes). */
  nameLike: boolean;
  /** Values only this field gets (e.g. an absolute traversal for a path). */
  extra?: HostileValue[];
  expect(value: HostileValue): Refusal;
  grpc(value: string): GrpcRequest;
  rest(value: string): RestRequest;
}

const invalid = (mentions: RegExp, secret = false): Refusal => ({ code: 'invalid_argument', mentions, secret });
const always = (refusal: Refusal) => () => refusal;

/** A passphrase file: the form is checked first (absolute, no NUL), then the passphrase folders, with one refusal for every path. */
function passphraseFileAnswer(value: HostileValue): Refusal {
  const wellFormed = value.value.startsWith('/') && !value.value.includes('\u0000');
  if (!wellFormed) return invalid(/registration\.passphrase_file must be the absolute path/);
  return { code: 'failed_precondition', mentions: /registration\.passphrase_file .* is refused: mobilityd reads a passphrase file only when/ };
}

const ABSOLUTE_TRAVERSALS: HostileValue[] = [
  { kind: 'an absolute traversal out of the passphrase folder', value: '/etc/mobilityd/passphrases/../../../etc/shadow' },
  { kind: 'a percent-encoded absolute traversal', value: '/etc/mobilityd/passphrases/..%2F..%2F..%2Fetc%2Fshadow' },
  { kind: 'a file outside the passphrase folders', value: '/etc/shadow' },
];

const install = (init: Record<string, unknown>): GrpcRequest => ({ rpc: 'install', init: { ...MS_VMWARE, ...init } });
const installJson = (init: Record<string, unknown>): RestRequest => ({
  method: 'POST',
  target: '/v1/install',
  headers: JSON_POST,
  body: JSON.stringify({ role: 'AGENT_ROLE_MOBILITY_SERVICE', platform: 'PLATFORM_VMWARE', ...init }),
});
const registerJson = (init: Record<string, unknown>): RestRequest => ({ method: 'POST', target: '/v1/register', headers: JSON_POST, body: JSON.stringify(init) });
const upload = (name: string, sha256: string): GrpcRequest => ({
  rpc: 'uploadPackage',
  parts: [{ case: 'header', value: { name, sha256, sizeBytes: 1n } }, { case: 'chunk', value: Buffer.from('x') }],
});
const put = (name: string, sha256Query: string): RestRequest => ({ method: 'PUT', target: `/v1/packages/${enc(name)}?sha256=${enc(sha256Query)}`, body: 'x' });

/** The registration fields, the same in Install (with registration) and Register. */
function registrationFields(rpc: 'Install' | 'Register'): StringField[] {
  const grpcOf = (registration: Record<string, unknown>): GrpcRequest =>
    rpc === 'Install' ? install({ registration }) : { rpc: 'register', init: { registration } };
  const restOf = (registration: Record<string, unknown>): RestRequest => (rpc === 'Install' ? installJson({ registration }) : registerJson({ registration }));
  return [
    {
      name: `${rpc} registration.cs_endpoint`,
      valid: '10.0.0.5',
      nameLike: true,
      expect: always(invalid(/cs_endpoint .* is refused/)),
      grpc: (v) => grpcOf({ csEndpoint: v, passphraseSource: literal(PASSPHRASE) }),
      rest: (v) => restOf({ csEndpoint: v, passphrase: PASSPHRASE }),
    },
    {
      name: `${rpc} registration.passphrase_file`,
      valid: PASSPHRASE_FILE,
      nameLike: true,
      extra: ABSOLUTE_TRAVERSALS,
      expect: passphraseFileAnswer,
      grpc: (v) => grpcOf({ csEndpoint: '10.0.0.5', passphraseSource: fromFile(v) }),
      rest: (v) => restOf({ csEndpoint: '10.0.0.5', passphraseFile: v }),
    },
    {
      name: `${rpc} registration.passphrase`,
      valid: PASSPHRASE,
      nameLike: false,
      expect: always(invalid(/registration\.passphrase (contains|is longer)/, true)),
      grpc: (v) => grpcOf({ csEndpoint: '10.0.0.5', passphraseSource: literal(v) }),
      rest: (v) => restOf({ csEndpoint: '10.0.0.5', passphrase: v }),
    },
    {
      name: `${rpc} request_id`,
      valid: 'deploy-2024-06-01',
      nameLike: false,
      expect: always(invalid(/request_id must be/)),
      grpc: (v) =>
        rpc === 'Install' ? install({ requestId: v }) : { rpc: 'register', init: { requestId: v, registration: { csEndpoint: '10.0.0.5', passphraseSource: literal(PASSPHRASE) } } },
      rest: (v) => (rpc === 'Install' ? installJson({ requestId: v }) : registerJson({ requestId: v, registration: { csEndpoint: '10.0.0.5', passphrase: PASSPHRASE } })),
    },
  ];
}

const noJob = always({ code: 'not_found', mentions: /there is no job .* on this host/ });
const packageName = always(invalid(/package name .* is not an installer file name/));

export const STRING_FIELDS: StringField[] = [
  {
    name: 'TailLog log',
    valid: 'installer',
    nameLike: true,
    expect: always({ code: 'not_found', mentions: /there is no log named .*; choose one of: installer/ }),
    grpc: (v) => ({ rpc: 'tailLog', init: { log: v } }),
    rest: (v) => ({ method: 'GET', target: `/v1/logs/${enc(v)}` }),
  },
  {
    name: 'TailLog file_id',
    valid: '65024:5317503',
    nameLike: true,
    expect: always(invalid(/file_id .* is not a file id/)),
    grpc: (v) => ({ rpc: 'tailLog', init: { log: 'installer', startOffset: 0n, fileId: v } }),
    rest: (v) => ({ method: 'GET', target: `/v1/logs/installer?from=0&fileId=${enc(v)}` }),
  },
  {
    name: 'Install install_location',
    valid: '/opt/ASR',
    nameLike: true,
    expect: always(invalid(/install_location .* is refused/)),
    grpc: (v) => install({ installLocation: v }),
    rest: (v) => installJson({ installLocation: v }),
  },
  {
    name: 'Install package_name',
    valid: PACKAGE_NAME,
    nameLike: true,
    expect: packageName,
    grpc: (v) => install({ packageName: v }),
    rest: (v) => installJson({ packageName: v }),
  },
  ...registrationFields('Install'),
  ...registrationFields('Register'),
  {
    name: 'Uninstall request_id',
    valid: 'deploy-2024-06-01',
    nameLike: false,
    expect: always(invalid(/request_id must be/)),
    grpc: (v) => ({ rpc: 'uninstall', init: { requestId: v } }),
    rest: (v) => ({ method: 'POST', target: '/v1/uninstall', headers: JSON_POST, body: JSON.stringify({ requestId: v }) }),
  },
  {
    name: 'GetJob id',
    valid: NO_SUCH_JOB,
    nameLike: true,
    expect: noJob,
    grpc: (v) => ({ rpc: 'getJob', init: { id: v } }),
    rest: (v) => ({ method: 'GET', target: `/v1/jobs/${enc(v)}` }),
  },
  {
    name: 'WatchJob id',
    valid: NO_SUCH_JOB,
    nameLike: true,
    expect: noJob,
    grpc: (v) => ({ rpc: 'watchJob', init: { id: v } }),
    rest: (v) => ({ method: 'GET', target: `/v1/jobs/${enc(v)}/watch` }),
  },
  {
    name: 'CancelJob id',
    valid: NO_SUCH_JOB,
    nameLike: true,
    expect: noJob,
    grpc: (v) => ({ rpc: 'cancelJob', init: { id: v } }),
    rest: (v) => ({ method: 'POST', target: `/v1/jobs/${enc(v)}/cancel`, headers: JSON_POST, body: '' }),
  },
  {
    name: 'ListJobs page_token',
    valid: encodePageToken(NO_SUCH_JOB),
    nameLike: true,
    expect: always(invalid(/the page token is not one this daemon returned/)),
    grpc: (v) => ({ rpc: 'listJobs', init: { pageToken: v } }),
    rest: (v) => ({ method: 'GET', target: `/v1/jobs?pageToken=${enc(v)}` }),
  },
  {
    name: 'UploadPackage header.name',
    valid: PACKAGE_NAME,
    nameLike: true,
    expect: packageName,
    grpc: (v) => upload(v, SOME_SHA256),
    rest: (v) => put(v, SOME_SHA256),
  },
  {
    name: 'UploadPackage header.sha256',
    valid: SOME_SHA256,
    nameLike: true,
    expect: always(invalid(/sha256 .* is not 64 hex digits/)),
    grpc: (v) => upload(PACKAGE_NAME, v),
    rest: (v) => put(PACKAGE_NAME, v),
  },
  {
    name: 'DeletePackage name',
    valid: PACKAGE_NAME,
    nameLike: true,
    expect: packageName,
    grpc: (v) => ({ rpc: 'deletePackage', init: { name: v } }),
    rest: (v) => ({ method: 'DELETE', target: `/v1/packages/${enc(v)}` }),
  },
];

/** REST has string fields gRPC has not: the body's id of a cancel, and the names of query parameters. */
export const REST_ONLY_FIELDS: Array<Omit<StringField, 'grpc'>> = [
  {
    name: 'POST /v1/jobs/ID/cancel body id',
    valid: NO_SUCH_JOB,
    nameLike: true,
    expect: always(invalid(/the body's id .* is not the job in the path/)),
    rest: (v) => ({ method: 'POST', target: `/v1/jobs/${NO_SUCH_JOB}/cancel`, headers: JSON_POST, body: JSON.stringify({ id: v }) }),
  },
  {
    name: 'GET /v1/logs/installer query parameter name',
    valid: 'lines',
    nameLike: true,
    expect: always(invalid(/unknown query parameter .*; GET \/v1\/logs\/NAME accepts/)),
    rest: (v) => ({ method: 'GET', target: `/v1/logs/installer?${enc(v)}=1` }),
  },
];

function valuesOf(field: Pick<StringField, 'valid' | 'nameLike' | 'extra'>): HostileValue[] {
  return [...characterVariants(field.valid), ...(field.nameLike ? nameVariants(CANARY) : []), ...(field.extra ?? [])];
}

export function grpcFieldCases(): Array<Case<GrpcRequest>> {
  return STRING_FIELDS.flatMap((field) =>
    valuesOf(field).map((v) => ({ name: `${field.name} with ${v.kind}`, request: field.grpc(v.value), expect: field.expect(v), value: v.value })),
  );
}

export function restFieldCases(): Array<Case<RestRequest>> {
  return [...STRING_FIELDS, ...REST_ONLY_FIELDS].flatMap((field) =>
    valuesOf(field).map((v) => ({ name: `${field.name} with ${v.kind}`, request: field.rest(v.value), expect: field.expect(v), value: v.value })),
  );
}
