/**
 * The REST corpus: every string field (path, query, header and JSON body)
 * crossed with the hostile values (hostile-fields.ts), then malformed and
 * oversized JSON, unknown and mistyped fields, unknown enum numbers,
 * addresses that are no unicast IP, negative and huge numbers in the query,
 * raw bytes HTTP forbids in the request line and headers, smuggling-shaped
 * framing (two Content-Lengths, Transfer-Encoding with Content-Length), and
 * uploads with no hash, a wrong size or hash, or no package in them.
 */
import { createHash } from 'node:crypto';
import type { Case, Refusal } from './corpus-types';
import { PACKAGE_NAME } from './hostile-daemon';
import { NO_SUCH_JOB, NOT_AN_ENDPOINT, PASSPHRASE, restFieldCases, SOME_SHA256 } from './hostile-fields';
import type { RestRequest } from './rest-call';
import { httpRequestBytes } from '../../helpers/raw-socket';

type RestCase = Case<RestRequest>;

const invalid = (mentions: RegExp, status?: number): Refusal => ({ code: 'invalid_argument', mentions, status });
const JSON_POST: Array<[string, string]> = [['Content-Type', 'application/json']];
const installBody = (body: string | Buffer): RestRequest => ({ method: 'POST', target: '/v1/install', headers: JSON_POST, body });
const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');
/** A valid name the repository does not hold: an upload under it gets as far as its content. */
const NEW_NAME = PACKAGE_NAME.replace('9.30.0.0', '9.31.0.0');
const NOT_A_PACKAGE = 'this is not an installer\n';
const notJson = invalid(/^the request body is not valid JSON; send the protobuf JSON of mobility\.v1\.InstallRequest$/);
const notInstallRequest = invalid(/^the request body is not a valid mobility\.v1\.InstallRequest in protobuf JSON: cannot decode message mobility\.v1\.InstallRequest/);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const MALFORMED_JSON: RestCase[] = [
  { name: 'POST /v1/install with an unfinished object', request: installBody('{'), expect: notJson },
  { name: 'POST /v1/install with a cut-off value', request: installBody('{"role":'), expect: notJson },
  { name: 'POST /v1/install with NaN', request: installBody('{"role":NaN}'), expect: notJson },
  { name: 'POST /v1/install with a BOM before the JSON', request: installBody('\uFEFF{}'), expect: notJson },
  { name: 'POST /v1/install with 60,000 unclosed brackets', request: installBody('['.repeat(60_000)), expect: notJson },
  { name: 'POST /v1/install with an array nested 30,000 deep', request: installBody(nested(30_000)), expect: notInstallRequest },
  { name: 'POST /v1/install with an array', request: installBody('[]'), expect: notInstallRequest },
  { name: 'POST /v1/install with a string', request: installBody('"install"'), expect: notInstallRequest },
  { name: 'POST /v1/install with null', request: installBody('null'), expect: notInstallRequest },
  { name: 'POST /v1/install with a number', request: installBody('123'), expect: notInstallRequest },
  { name: 'POST /v1/install with an unknown field', request: installBody('{"nope":1}'), expect: invalid(/cannot decode message mobility\.v1\.InstallRequest: unknown field "nope"/) },
  { name: 'POST /v1/install with a "__proto__" field', request: installBody('{"__proto__":{"role":1}}'), expect: invalid(/unknown field "__proto__"/) },
  { name: 'POST /v1/install with a "constructor" field', request: installBody('{"constructor":{"prototype":{"polluted":1}}}'), expect: invalid(/unknown field "constructor"/) },
  {
    name: 'POST /v1/install with an unknown field beside a passphrase',
    request: installBody(JSON.stringify({ registration: { csEndpoint: '10.0.0.5', passphrase: PASSPHRASE, evil: PASSPHRASE } })),
    expect: { ...invalid(/cannot decode message mobility\.v1\.Registration: unknown field "evil"/), secret: true },
    value: PASSPHRASE,
  },
  {
    name: 'POST /v1/install with an unknown field named with a bidi override',
    request: installBody('{"ro\\u202Ele":1}'),
    expect: invalid(/unknown field "ro\\u202ele"/),
  },
  { name: 'POST /v1/install with an object for role', request: installBody('{"role":{}}'), expect: invalid(/cannot decode enum mobility\.v1\.AgentRole/) },
  { name: 'POST /v1/install with a fraction for role', request: installBody('{"role":1.5}'), expect: invalid(/cannot decode enum mobility\.v1\.AgentRole/) },
  { name: 'POST /v1/install with an unknown role name', request: installBody('{"role":"AGENT_ROLE_ROOT"}'), expect: invalid(/cannot decode enum mobility\.v1\.AgentRole/) },
  { name: 'POST /v1/install with a number for install_location', request: installBody('{"installLocation":5}'), expect: invalid(/cannot decode field mobility\.v1\.InstallRequest\.install_location/) },
  {
    name: 'POST /v1/install with both passphrase and passphrase_file',
    request: installBody(JSON.stringify({ registration: { csEndpoint: '10.0.0.5', passphrase: PASSPHRASE, passphraseFile: '/etc/mobilityd/passphrases/cs' } })),
    expect: { ...invalid(/cannot decode oneof mobility\.v1\.Registration\.passphrase_source/), secret: true },
    value: PASSPHRASE,
  },
  {
    name: 'POST /v1/install with invalid UTF-8 in install_location',
    request: installBody(Buffer.concat([Buffer.from('{"role":1,"platform":1,"installLocation":"/opt/'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])),
    expect: invalid(/install_location .* is refused: it contains the non-ASCII character/),
  },
  {
    name: 'POST /v1/install with half a surrogate pair in install_location',
    request: installBody('{"role":1,"platform":1,"installLocation":"/opt/\\ud800"}'),
    expect: invalid(/cannot decode field mobility\.v1\.InstallRequest\.install_location$/),
  },
];

const ENUMS: RestCase[] = [
  { name: 'POST /v1/install with role 99', request: installBody('{"role":99,"platform":"PLATFORM_VMWARE"}'), expect: invalid(/^role 99 is not an agent role/) },
  { name: 'POST /v1/install with role -1', request: installBody('{"role":-1,"platform":"PLATFORM_VMWARE"}'), expect: invalid(/^role -1 is not an agent role/) },
  { name: 'POST /v1/install with platform 42', request: installBody('{"role":"AGENT_ROLE_MOBILITY_SERVICE","platform":42}'), expect: invalid(/^platform 42 is not a platform/) },
  {
    name: 'POST /v1/install with role given twice, the last one unknown',
    request: installBody('{"role":"AGENT_ROLE_MOBILITY_SERVICE","platform":"PLATFORM_VMWARE","role":77}'),
    expect: invalid(/^role 77 is not an agent role/),
  },
];

function endpointCases(): RestCase[] {
  return NOT_AN_ENDPOINT.map(([what, value]) => ({
    name: `POST /v1/register registration.csEndpoint: ${what} (${JSON.stringify(value)})`,
    request: { method: 'POST', target: '/v1/register', headers: JSON_POST, body: JSON.stringify({ registration: { csEndpoint: value, passphrase: PASSPHRASE } }) },
    expect: invalid(/cs_endpoint .* is refused: /),
    value,
  }));
}

const get = (target: string): RestRequest => ({ method: 'GET', target });
const lines = (what: string) => invalid(new RegExp(`query parameter "${what}" must be`));

const QUERY_NUMBERS: RestCase[] = [
  { name: 'GET /v1/logs/installer?lines=-1', request: get('/v1/logs/installer?lines=-1'), expect: lines('lines') },
  { name: 'GET /v1/logs/installer?lines=1e3', request: get('/v1/logs/installer?lines=1e3'), expect: lines('lines') },
  { name: 'GET /v1/logs/installer?lines=0x10', request: get('/v1/logs/installer?lines=0x10'), expect: lines('lines') },
  { name: 'GET /v1/logs/installer?lines=1000001', request: get('/v1/logs/installer?lines=1000001'), expect: lines('lines') },
  { name: 'GET /v1/logs/installer?lines=99999999999999999999', request: get('/v1/logs/installer?lines=99999999999999999999'), expect: lines('lines') },
  { name: 'GET /v1/logs/installer?lines=1&lines=2', request: get('/v1/logs/installer?lines=1&lines=2'), expect: invalid(/query parameter "lines" must be given once/) },
  { name: 'GET /v1/logs/installer?lines[]=1', request: get('/v1/logs/installer?lines[]=1'), expect: invalid(/unknown query parameter "lines\[\]"/) },
  { name: 'GET /v1/logs/installer?from=-1', request: get('/v1/logs/installer?from=-1'), expect: lines('from') },
  { name: 'GET /v1/logs/installer?from=2^53+1', request: get('/v1/logs/installer?from=9007199254740993'), expect: lines('from') },
  {
    name: 'GET /v1/logs/installer?from= far past the end',
    request: get('/v1/logs/installer?from=1000000000000'),
    expect: { code: 'out_of_range', mentions: /start_offset 1000000000000 is past the end of log "installer"/ },
  },
  { name: 'GET /v1/logs/installer?from= inside a line', request: get('/v1/logs/installer?from=3'), expect: invalid(/start_offset 3 is inside a line/) },
  { name: 'GET /v1/logs/installer?lines=5&from=0', request: get('/v1/logs/installer?lines=5&from=0'), expect: invalid(/"lines" and "from" exclude each other/) },
  { name: 'GET /v1/logs/installer?fileId= without from', request: get('/v1/logs/installer?fileId=1:2'), expect: invalid(/"fileId" only makes sense with "from"/) },
  { name: 'GET /v1/logs/installer?maxBytes=-1', request: get('/v1/logs/installer?maxBytes=-1'), expect: lines('maxBytes') },
  { name: 'GET /v1/logs/installer?follow=maybe', request: get('/v1/logs/installer?follow=maybe'), expect: invalid(/query parameter "follow" must be true or false/) },
  { name: 'GET /v1/logs/installer?format=xml', request: get('/v1/logs/installer?format=xml'), expect: invalid(/format/) },
  { name: 'GET /v1/jobs?pageSize=-1', request: get('/v1/jobs?pageSize=-1'), expect: invalid(/"pageSize" must be a whole number from 0 to 500/) },
  { name: 'GET /v1/jobs?pageSize=99999999999', request: get('/v1/jobs?pageSize=99999999999'), expect: invalid(/"pageSize" must be a whole number/) },
  { name: 'GET /v1/jobs?pageSize=1e3', request: get('/v1/jobs?pageSize=1e3'), expect: invalid(/"pageSize" must be a whole number/) },
  { name: 'GET /v1/jobs?pageToken=a&pageToken=b', request: get('/v1/jobs?pageToken=a&pageToken=b'), expect: invalid(/"pageToken" must be given once/) },
  { name: 'GET /v1/jobs?admin=1', request: get('/v1/jobs?admin=1'), expect: invalid(/unknown query parameter "admin"; GET \/v1\/jobs takes pageSize and pageToken/) },
];

const noRoute = (method: string, path: string): Refusal => ({ code: 'not_found', mentions: new RegExp(`there is no route ${method} ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')};`) });
/** Node's parser refuses the request before the app: the JSON error (client-errors.ts), then the connection is closed. */
const unparsable = (where: RegExp) => invalid(where);
const PATHS: RestCase[] = [
  { name: 'a raw ../ traversal in the path', request: get('/v1/logs/../../../etc/passwd'), expect: noRoute('GET', '/v1/logs/../../../etc/passwd') },
  { name: 'DELETE with a raw ../ traversal in the path', request: { method: 'DELETE', target: '/v1/packages/../../etc/passwd' }, expect: noRoute('DELETE', '/v1/packages/../../etc/passwd') },
  { name: 'a lower-case %2e%2e%2f traversal', request: get('/v1/logs/%2e%2e%2f%2e%2e%2fetc%2fpasswd'), expect: { code: 'not_found', mentions: /there is no log named "\.\.\/\.\.\/etc\/passwd"/ } },
  { name: 'an overlong UTF-8 slash (%c0%af)', request: get('/v1/logs/..%c0%af..%c0%afetc%c0%afpasswd'), expect: invalid(/malformed percent-escape/) },
  { name: 'a truncated percent-escape', request: get('/v1/jobs/%E0%A4%A'), expect: invalid(/malformed percent-escape/) },
  { name: 'a lone %', request: get('/v1/jobs/%'), expect: invalid(/malformed percent-escape/) },
  { name: 'a 3,000-character job id with a bad percent-escape', request: get(`/v1/jobs/${'a'.repeat(3000)}%ZZ`), expect: invalid(/malformed percent-escape/), value: `${'a'.repeat(3000)}%ZZ` },
  { name: 'a doubled slash', request: get('//v1/status'), expect: noRoute('GET', '//v1/status') },
  { name: 'a method the route does not take', request: { method: 'DELETE', target: '/v1/logs/installer' }, expect: noRoute('DELETE', '/v1/logs/installer') },
  { name: 'raw bidi bytes in the path', request: get('/v1/logs/installer\u202e'), expect: unparsable(/^the request is not a valid HTTP\/1\.1 request: .* in its request line$/) },
  { name: 'a raw NUL in the path', request: get('/v1/logs/install\u0000er'), expect: unparsable(/^the request is not a valid HTTP\/1\.1 request: /) },
  { name: 'a raw space in the path', request: get('/v1/logs/inst aller'), expect: unparsable(/^the request is not a valid HTTP\/1\.1 request: /) },
  { name: 'a 20 KiB request target', request: get(`/v1/logs/${'a'.repeat(20 * 1024)}`), expect: invalid(/the request's headers are larger than \d+ bytes/, 431) },
];

const upload = (name: string, headers: Array<[string, string]>, body: string, more: Partial<RestRequest> = {}): RestRequest => ({
  method: 'PUT',
  target: `/v1/packages/${name}`,
  headers,
  body,
  ...more,
});
const sha = (hex: string): [string, string] => ['X-Content-SHA256', hex];
const FIVE_GIB = String(5 * 1024 ** 3);

const HEADERS_AND_FRAMING: RestCase[] = [
  { name: 'X-Content-SHA256 with a raw NUL', request: upload(NEW_NAME, [sha('ab\u0000cd')], 'x'), expect: unparsable(/^header X-Content-SHA256 is malformed/) },
  { name: 'X-Content-SHA256 with a raw ESC', request: upload(NEW_NAME, [sha('ab\u001b[2Jcd')], 'x'), expect: unparsable(/^header X-Content-SHA256 is malformed/) },
  { name: 'X-Content-SHA256 with raw bidi bytes', request: upload(NEW_NAME, [sha(`${SOME_SHA256}\u202e`)], 'x'), expect: invalid(/^sha256 .* is not 64 hex digits/) },
  { name: 'X-Content-SHA256 with CR LF and an injected header', request: upload(NEW_NAME, [sha('ab\r\nX-Injected: 1')], 'x'), expect: invalid(/^sha256 "ab" is not 64 hex digits/) },
  { name: 'X-Content-SHA256 folded over two lines', request: upload(NEW_NAME, [sha('abab\r\n abab')], 'x'), expect: unparsable(/^a header line of the request is malformed/) },
  { name: 'Last-Event-ID with raw bidi bytes', request: { ...get('/v1/logs/installer'), headers: [['Last-Event-ID', '5\u202e']] }, expect: invalid(/^header Last-Event-ID .* is not an event id this API sent/) },
  { name: 'Last-Event-ID with a raw NUL', request: { ...get('/v1/logs/installer'), headers: [['Last-Event-ID', '5\u0000']] }, expect: unparsable(/^header Last-Event-ID is malformed/) },
  { name: 'Last-Event-ID with a traversal', request: { ...get('/v1/logs/installer'), headers: [['Last-Event-ID', '0@../../etc/passwd']] }, expect: invalid(/file_id .* is not a file id/) },
  {
    name: 'Host with raw bidi bytes',
    request: { method: 'GET', target: '', raw: (host) => httpRequestBytes('GET', '/healthz', [['Host', `${host}\u202e`], ['Connection', 'close']]) },
    expect: invalid(/^Host .* does not name this mobilityd/, 421),
  },
  { name: 'Origin with raw bidi bytes', request: { ...get('/v1/status'), headers: [['Origin', 'https://ops.example\u202e.com']] }, expect: { code: 'permission_denied', mentions: /^Origin .* is not allowed/ } },
  {
    name: 'Content-Type with raw bidi bytes',
    request: { ...installBody('{}'), headers: [['Content-Type', 'application/json\u202e']] },
    expect: invalid(/takes Content-Type: application\/json, not /, 415),
  },
  { name: 'two different Content-Lengths', request: { ...installBody('{}'), length: 'none', headers: [...JSON_POST, ['Content-Length', '2'], ['Content-Length', '5']] }, expect: unparsable(/^header Content-Length is malformed/) },
  {
    name: 'Transfer-Encoding with Content-Length (request smuggling)',
    request: { ...installBody('{}'), length: 'none', headers: [...JSON_POST, ['Content-Length', '2'], ['Transfer-Encoding', 'chunked']] },
    expect: unparsable(/^header Transfer-Encoding is malformed/),
  },
  { name: 'a negative Content-Length', request: { ...installBody('{}'), length: 'none', headers: [...JSON_POST, ['Content-Length', '-1']] }, expect: unparsable(/^header Content-Length is malformed/) },
  { name: 'a 20-digit Content-Length', request: { ...installBody('{}'), length: 'none', headers: [...JSON_POST, ['Content-Length', '99999999999999999999']] }, expect: unparsable(/^header Content-Length is malformed/) },
  {
    name: 'a JSON body declared as 10 MB',
    request: { ...installBody(''), length: 'none', headers: [...JSON_POST, ['Content-Length', '10000000']] },
    expect: { code: 'resource_exhausted', mentions: /the request body \(10000000 bytes\) is larger than 65536 bytes/ },
  },
  {
    name: 'a chunked JSON body of 100 KiB',
    request: {
      ...installBody(''),
      length: 'none',
      headers: [...JSON_POST, ['Transfer-Encoding', 'chunked']],
      body: `${(100 * 1024).toString(16)}\r\n${'x'.repeat(100 * 1024)}\r\n0\r\n\r\n`,
    },
    expect: { code: 'resource_exhausted', mentions: /the request body is larger than 65536 bytes/ },
  },
  { name: 'headers of 20 KiB', request: { ...get('/healthz'), headers: [['X-Padding', 'p'.repeat(20 * 1024)]] }, expect: invalid(/the request's headers are larger than/, 431) },
  {
    name: 'a body that stops short of its Content-Length, then the client is done',
    request: { ...installBody('{"role":'), length: 'none', headers: [...JSON_POST, ['Content-Length', '100']], endAfterSending: true },
    expect: unparsable(/the connection ended before the request was complete/),
  },
];

const UPLOADS: RestCase[] = [
  { name: 'PUT /v1/packages with no sha256 at all', request: upload(NEW_NAME, [], 'x'), expect: invalid(/^sha256 is missing/) },
  { name: 'PUT /v1/packages with no Content-Length (chunked)', request: upload(NEW_NAME, [sha(sha256Of('x')), ['Transfer-Encoding', 'chunked']], '1\r\nx\r\n0\r\n\r\n', { length: 'none' }), expect: invalid(/needs a Content-Length header/, 411) },
  { name: 'PUT /v1/packages with Content-Length 0', request: upload(NEW_NAME, [sha(sha256Of(''))], ''), expect: invalid(/more than 0/) },
  {
    name: 'PUT /v1/packages of 5 GiB (over the limit), refused before the body',
    request: upload(NEW_NAME, [sha(SOME_SHA256), ['Content-Length', FIVE_GIB]], '', { length: 'none' }),
    expect: { code: 'resource_exhausted', mentions: /the package is 5368709120 bytes, more than this daemon accepts/ },
  },
  {
    name: 'PUT /v1/packages of 5 GiB with Expect: 100-continue, refused without a 100',
    request: upload(NEW_NAME, [sha(SOME_SHA256), ['Content-Length', FIVE_GIB], ['Expect', '100-continue']], '', { length: 'none' }),
    expect: { code: 'resource_exhausted', mentions: /more than this daemon accepts/ },
  },
  { name: 'PUT /v1/packages whose content does not match its sha256', request: upload(NEW_NAME, [sha(SOME_SHA256)], 'x'), expect: invalid(/does not match the declared/) },
  {
    name: 'PUT /v1/packages with more bytes than its Content-Length',
    request: upload(NEW_NAME, [sha(sha256Of('x')), ['Content-Length', '1']], 'xyz', { length: 'none' }),
    expect: unparsable(/^more bytes came after the end of a request that said Connection: close/),
  },
  {
    name: 'PUT /v1/packages that stops short of its Content-Length, then the client is done',
    request: upload(NEW_NAME, [sha(SOME_SHA256), ['Content-Length', '100']], 'x', { length: 'none', endAfterSending: true }),
    expect: unparsable(/the connection ended before the request was complete/),
  },
  { name: 'PUT /v1/packages of a file that is no installer', request: upload(NEW_NAME, [sha(sha256Of(NOT_A_PACKAGE))], NOT_A_PACKAGE), expect: invalid(/is not an agent installer package: .*nothing was stored/) },
  {
    name: 'PUT /v1/packages over an existing package with other content',
    request: upload(PACKAGE_NAME, [sha(sha256Of('x'))], 'x'),
    expect: { code: 'already_exists', mentions: /a different package named .* is already in the repository/ },
  },
  { name: 'POST /v1/jobs/ID/cancel with a body naming another job', request: { method: 'POST', target: `/v1/jobs/${NO_SUCH_JOB}/cancel`, headers: JSON_POST, body: '{"id":"x"}' }, expect: invalid(/the body's id "x" is not the job in the path/) },
];

export function restCorpus(): RestCase[] {
  return [...restFieldCases(), ...MALFORMED_JSON, ...ENUMS, ...endpointCases(), ...QUERY_NUMBERS, ...PATHS, ...HEADERS_AND_FRAMING, ...UPLOADS];
}
