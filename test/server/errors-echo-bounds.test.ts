/**
 * Every string field of every request message, enumerated from the generated
 * descriptors (a new field is covered the day it is added), sent with a huge
 * value: over gRPC 1 MiB, over REST as much as HTTP carries there (a path, a
 * query or a header about 8 KB, a JSON body field about 60 KB). The answer has
 * the proper code, never RESOURCE_EXHAUSTED, INTERNAL or an empty reply, and
 * every message in it is short and shows the value cut, with an ellipsis
 * (or not at all). A passphrase is never shown, not even cut.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create, ScalarType, toJson, type DescField, type DescMessage, type DescMethod, type DescService, type JsonValue } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { Health } from '../../gen/grpc/health/v1/health_pb';
import { ServerReflection } from '../../gen/grpc/reflection/v1/reflection_pb';
import { AgentControl, AgentRole, Platform } from '../../gen/mobility/v1/agent_control_pb';
import { serviceDefinition } from '../../contract/service-definition';
import { useJobDaemon } from '../helpers/job-daemon';

const SERVICES: DescService[] = [AgentControl, Health, ServerReflection];
const GRPC_SIZE = 1024 * 1024;
/** Node's HTTP server takes at most 16 KiB of request line and headers. */
const URL_SIZE = 8000;
/** Below the REST API's 64 KiB limit on a JSON body. */
const BODY_SIZE = 60_000;
/** No message may be longer than this. */
const MESSAGE_BOUND = 1024;
/** How much of an echoed value a message may show, ellipsis excluded. */
const ECHO_MAX = 100;
const PACKAGE = 'Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_10Nov2020_release.tar.gz';
const SHA256 = 'a'.repeat(64);
/** A passphrase is made of this unit: no piece of it may ever appear in an answer. */
const SECRET_UNIT = 'Sekr1t-Pa55-';

type Echo = 'cut' | 'none' | 'secret' | 'cut-if-shown';

interface FieldCase {
  /** Request init the big value is merged into (protobuf-es init shape). */
  base?: Record<string, unknown>;
  /** Expected code: the call's status, or a reflection errorResponse's code. */
  code: grpc.status;
  echo: Echo;
  /** Server streams that never end by themselves: stop after the first message. */
  firstMessageOnly?: boolean;
}

const MS_VMWARE = { role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE };
const literal = (value: string) => ({ case: 'passphrase', value });
const fromFile = (value: string) => ({ case: 'passphraseFile', value });

/** The expectations, by "service/Method field.path". Fields missing here still run, with the generic checks. */
const CASES: Record<string, FieldCase> = {
  'mobility.v1.AgentControl/TailLog log': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  // Not the DEVICE:INODE form of a file id: refused, the value quoted cut.
  'mobility.v1.AgentControl/TailLog file_id': { base: { log: 'installer', startOffset: 0n }, code: grpc.status.INVALID_ARGUMENT, echo: 'cut' },
  'mobility.v1.AgentControl/Install install_location': { base: MS_VMWARE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut' },
  'mobility.v1.AgentControl/Install package_name': { base: MS_VMWARE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut' },
  'mobility.v1.AgentControl/Install request_id': { base: MS_VMWARE, code: grpc.status.INVALID_ARGUMENT, echo: 'none' },
  'mobility.v1.AgentControl/Install registration.cs_endpoint': {
    base: { ...MS_VMWARE, registration: { passphraseSource: literal('a passphrase') } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/Install registration.passphrase_file': {
    base: { ...MS_VMWARE, registration: { csEndpoint: '10.0.0.5' } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/Install registration.passphrase': {
    base: { ...MS_VMWARE, registration: { csEndpoint: '10.0.0.5' } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'secret',
  },
  'mobility.v1.AgentControl/Register registration.cs_endpoint': {
    base: { registration: { passphraseSource: literal('a passphrase') } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/Register registration.passphrase_file': {
    base: { registration: { csEndpoint: '10.0.0.5' } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/Register registration.passphrase': {
    base: { registration: { csEndpoint: '10.0.0.5' } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'secret',
  },
  'mobility.v1.AgentControl/Register request_id': {
    base: { registration: { csEndpoint: '10.0.0.5', passphraseSource: fromFile('/etc/mobilityd/passphrases/cs') } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'none',
  },
  'mobility.v1.AgentControl/GetJob id': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'mobility.v1.AgentControl/WatchJob id': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'mobility.v1.AgentControl/CancelJob id': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'mobility.v1.AgentControl/ListJobs page_token': { code: grpc.status.INVALID_ARGUMENT, echo: 'none' },
  'mobility.v1.AgentControl/UploadPackage header.name': {
    base: { part: { case: 'header', value: { sha256: SHA256, sizeBytes: 1n } } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/UploadPackage header.sha256': {
    base: { part: { case: 'header', value: { name: PACKAGE, sizeBytes: 1n } } },
    code: grpc.status.INVALID_ARGUMENT,
    echo: 'cut',
  },
  'mobility.v1.AgentControl/DeletePackage name': { code: grpc.status.INVALID_ARGUMENT, echo: 'cut' },
  'grpc.health.v1.Health/Check service': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'grpc.health.v1.Health/Watch service': { code: grpc.status.OK, echo: 'none', firstMessageOnly: true },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo host': {
    base: { messageRequest: { case: 'listServices', value: '*' } },
    code: grpc.status.OK,
    echo: 'none',
  },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo file_by_filename': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo file_containing_symbol': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo file_containing_extension.containing_type': {
    code: grpc.status.NOT_FOUND,
    echo: 'cut',
  },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo all_extension_numbers_of_type': { code: grpc.status.NOT_FOUND, echo: 'cut' },
  'grpc.reflection.v1.ServerReflection/ServerReflectionInfo list_services': { code: grpc.status.OK, echo: 'none' },
};

interface FieldUnderTest {
  key: string;
  method: DescMethod;
  path: DescField[];
}

/** Every string field (also in nested messages and oneofs) of every method's request. */
function stringFields(): FieldUnderTest[] {
  const out: FieldUnderTest[] = [];
  const walk = (method: DescMethod, message: DescMessage, prefix: DescField[]) => {
    for (const field of message.fields) {
      const path = [...prefix, field];
      if (field.fieldKind === 'message' && prefix.length < 4) walk(method, field.message, path);
      const isString = (field.fieldKind === 'scalar' || field.fieldKind === 'list') && field.scalar === ScalarType.STRING;
      if (isString) out.push({ key: `${method.parent.typeName}/${method.name} ${path.map((f) => f.name).join('.')}`, method, path });
    }
  };
  for (const service of SERVICES) for (const method of service.methods) walk(method, method.input, []);
  return out;
}

/** A value of `size` characters; a passphrase is made of SECRET_UNIT. */
function bigValue(echo: Echo, size: number): string {
  const unit = echo === 'secret' ? SECRET_UNIT : 'x';
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** The request init with `value` at `path`, merged into `base`. */
function requestInit(path: DescField[], value: string, base: Record<string, unknown> = {}): Record<string, unknown> {
  const last = path[path.length - 1];
  let init: unknown = last.fieldKind === 'list' ? [value] : value;
  for (const field of [...path].reverse()) {
    init = field.oneof ? { [field.oneof.localName]: { case: field.localName, value: init } } : { [field.localName]: init };
  }
  return merge(base, init as Record<string, unknown>);
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    // A oneof ({case, value}) of another case is replaced, not merged.
    const sameOneof = plain(mine) && plain(value) && (!('case' in value) || mine.case === value.case);
    out[key] = plain(mine) && plain(value) && sameOneof ? merge(mine, value) : value;
  }
  return out;
}

interface Outcome {
  code: grpc.status;
  /** Every text the answer carries for a person: the status message, event and error messages. */
  texts: string[];
  /** How many response messages arrived (0 with an error: the reply was not empty, the status says why). */
  messages: number;
}

/** Makes the call the way the method's kind says and collects what came back. */
function callGrpc(client: grpc.Client, field: FieldUnderTest, message: object, firstMessageOnly: boolean): Promise<Outcome> {
  const definition = serviceDefinition(field.method.parent)[field.method.localName];
  const { path, requestSerialize: serialize, responseDeserialize: deserialize } = definition;
  const outcome: Outcome = { code: grpc.status.OK, texts: [], messages: 0 };
  const collect = (response: object) => {
    outcome.messages++;
    collectTexts(response, outcome);
  };
  return new Promise((resolve) => {
    const finish = (err: grpc.ServiceError | null) => {
      if (err) {
        outcome.code = err.code;
        outcome.texts.unshift(err.details);
      }
      resolve(outcome);
    };
    switch (field.method.methodKind) {
      case 'unary':
        client.makeUnaryRequest(path, serialize, deserialize, message, (err, response) => {
          if (response) collect(response);
          finish(err);
        });
        return;
      case 'client_streaming': {
        const call = client.makeClientStreamRequest(path, serialize, deserialize, (err, response) => {
          if (response) collect(response);
          finish(err);
        });
        call.write(message);
        call.end();
        return;
      }
      default: {
        const bidi = field.method.methodKind === 'bidi_streaming';
        const call = bidi
          ? client.makeBidiStreamRequest(path, serialize, deserialize)
          : client.makeServerStreamRequest(path, serialize, deserialize, message);
        call.on('data', (response: object) => {
          collect(response);
          if (firstMessageOnly) call.cancel();
        });
        call.on('error', (err: grpc.ServiceError) => finish(err.code === grpc.status.CANCELLED && firstMessageOnly ? null : err));
        call.on('end', () => finish(null));
        if (bidi) {
          const duplex = call as grpc.ClientDuplexStream<object, object>;
          duplex.write(message);
          duplex.end();
        }
      }
    }
  });
}

/** Event messages, and reflection's errorResponse (whose code stands for the outcome's). */
function collectTexts(response: object, outcome: Outcome): void {
  const r = response as {
    item?: { case?: string; value?: { message?: string } };
    messageResponse?: { case?: string; value?: { errorCode?: number; errorMessage?: string } };
  };
  if (r.item?.case === 'event' && r.item.value?.message) outcome.texts.push(r.item.value.message);
  if (r.messageResponse?.case === 'errorResponse') {
    outcome.code = r.messageResponse.value?.errorCode ?? grpc.status.UNKNOWN;
    outcome.texts.push(r.messageResponse.value?.errorMessage ?? '');
  }
}

/** The checks every answer passes, whatever the field. */
function checkTexts(texts: string[], value: string, echo: Echo): void {
  for (const text of texts) {
    assert.ok(text.length <= MESSAGE_BOUND, `a message of ${text.length} characters (at most ${MESSAGE_BOUND}): ${text.slice(0, 300)}…`);
  }
  const all = texts.join('\n');
  if (echo === 'secret') {
    const unit = SECRET_UNIT + SECRET_UNIT;
    for (let i = 0; i + 5 <= all.length; i++) {
      assert.ok(!unit.includes(all.slice(i, i + 5)), `a piece of the passphrase (${JSON.stringify(all.slice(i, i + 5))}) appears in: ${all}`);
    }
    return;
  }
  const at = all.indexOf(value.slice(0, 40));
  if (echo === 'none') {
    assert.ok(!all.includes(value.slice(0, 20)), `the value is not echoed, but: ${all}`);
    return;
  }
  if (echo === 'cut') assert.ok(at >= 0, `the message shows the start of the value: ${all}`);
  if (at < 0) {
    assert.ok(!all.includes(value.slice(0, ECHO_MAX + 1)), `the value appears uncut: ${all.slice(0, 300)}`);
    return;
  }
  let shown = 0;
  while (at + shown < all.length && all[at + shown] === value[shown]) shown++;
  assert.ok(shown <= ECHO_MAX, `the echoed value is cut to about ${ECHO_MAX} characters, not ${shown}`);
  assert.equal(all[at + shown], '…', `the cut value ends with an ellipsis: ${all.slice(at, at + shown + 5)}`);
}

const FORBIDDEN = [grpc.status.RESOURCE_EXHAUSTED, grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.UNIMPLEMENTED];

describe('finding 6: errors never echo unbounded input', function () {
  this.timeout(60_000);
  let client: grpc.Client;
  const fields = stringFields();

  // Registered before the daemon's own after hook: the client closes before the daemon stops.
  after(() => client.close());
  const daemon = useJobDaemon({ versions: ['9.40.0.0'], shared: true });
  before(() => {
    const log = daemon().logPath('installer');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, 'line 1\nline 2\n');
    client = new grpc.Client(daemon().address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  });

  it('finding 6: the table names only fields the descriptors have (a renamed field keeps its case)', () => {
    const keys = new Set(fields.map((f) => f.key));
    for (const key of Object.keys(CASES)) assert.ok(keys.has(key), `CASES has "${key}", which is no string field of a request`);
    assert.ok(fields.length >= Object.keys(CASES).length);
  });

  describe('gRPC, a 1 MiB value', () => {
    for (const field of fields) {
      it(`finding 6: ${field.key}`, async () => {
        const c = CASES[field.key];
        const echo = c?.echo ?? 'cut-if-shown';
        const value = bigValue(echo, GRPC_SIZE);
        const message = create(field.method.input, requestInit(field.path, value, c?.base) as never);
        const outcome = await callGrpc(client, field, message, c?.firstMessageOnly ?? false);
        const said = `${grpc.status[outcome.code]}: ${(outcome.texts[0] ?? '').slice(0, 300)}`;
        assert.ok(!FORBIDDEN.includes(outcome.code), `a proper code, not ${said}`);
        if (c) assert.equal(outcome.code, c.code, `expected ${grpc.status[c.code]}, got ${said}`);
        if (outcome.code === grpc.status.OK) assert.ok(outcome.messages > 0, 'an OK answer is not empty');
        checkTexts(outcome.texts, value, echo);
      });
    }
  });

  describe('REST, as large a value as HTTP carries there', () => {
    type RestCall = (value: string) => { method: string; url: string; body?: string | Buffer; headers?: Record<string, string> };
    const json = (url: string, schema: DescMessage, init: Record<string, unknown>) => ({
      method: 'POST',
      url,
      body: JSON.stringify(toJson(schema, create(schema, init as never)) as JsonValue),
      headers: { 'content-type': 'application/json' },
    });
    const enc = encodeURIComponent;
    const put = (name: string, sha256: string) => ({
      method: 'PUT',
      url: `/v1/packages/${enc(name)}`,
      body: Buffer.from('x'),
      headers: { 'x-content-sha256': sha256 },
    });
    /** By the gRPC field they carry (the same expectations), plus what only REST has. */
    const REST: Array<{ name: string; key?: string; size: number; code: grpc.status; echo: Echo; call: RestCall }> = [
      { name: 'GET /v1/logs/{name}', key: 'mobility.v1.AgentControl/TailLog log', size: URL_SIZE, code: grpc.status.NOT_FOUND, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/logs/${enc(v)}` }) },
      { name: 'GET /v1/logs/installer?from=0&fileId=', key: 'mobility.v1.AgentControl/TailLog file_id', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/logs/installer?from=0&fileId=${enc(v)}` }) },
      { name: 'GET /v1/logs/installer?lines=', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/logs/installer?lines=${enc(v)}` }) },
      { name: 'GET /v1/logs/installer?follow=', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/logs/installer?follow=${enc(v)}` }) },
      { name: 'GET /v1/logs/installer?<unknown parameter>', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/logs/installer?${enc(v)}=1` }) },
      { name: 'GET /v1/logs/installer, header Last-Event-ID', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: '/v1/logs/installer', headers: { 'last-event-id': v } }) },
      { name: 'GET /v1/jobs/{id}', key: 'mobility.v1.AgentControl/GetJob id', size: URL_SIZE, code: grpc.status.NOT_FOUND, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/jobs/${enc(v)}` }) },
      { name: 'GET /v1/jobs/{id}/watch', key: 'mobility.v1.AgentControl/WatchJob id', size: URL_SIZE, code: grpc.status.NOT_FOUND, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/jobs/${enc(v)}/watch` }) },
      { name: 'POST /v1/jobs/{id}/cancel', key: 'mobility.v1.AgentControl/CancelJob id', size: URL_SIZE, code: grpc.status.NOT_FOUND, echo: 'cut', call: (v) => ({ method: 'POST', url: `/v1/jobs/${enc(v)}/cancel`, headers: { 'content-type': 'application/json' } }) },
      { name: 'POST /v1/jobs/{id}/cancel without a Content-Type (415)', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'POST', url: `/v1/jobs/${enc(v)}/cancel` }) },
      { name: 'POST /v1/install with a Content-Type that is not JSON (415)', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'POST', url: '/v1/install', body: '{}', headers: { 'content-type': `text/${v}` } }) },
      { name: 'GET /v1/jobs?pageToken=', key: 'mobility.v1.AgentControl/ListJobs page_token', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'none', call: (v) => ({ method: 'GET', url: `/v1/jobs?pageToken=${enc(v)}` }) },
      { name: 'GET /v1/jobs?<unknown parameter>', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/jobs?${enc(v)}=1` }) },
      { name: 'PUT /v1/packages/{name}', key: 'mobility.v1.AgentControl/UploadPackage header.name', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => put(v, SHA256) },
      { name: 'PUT /v1/packages/{name}, header X-Content-SHA256', key: 'mobility.v1.AgentControl/UploadPackage header.sha256', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => put(PACKAGE, v) },
      { name: 'PUT /v1/packages/{name}?sha256=', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ ...put(PACKAGE, ''), headers: {}, url: `/v1/packages/${PACKAGE}?sha256=${enc(v)}` }) },
      { name: 'DELETE /v1/packages/{name}', key: 'mobility.v1.AgentControl/DeletePackage name', size: URL_SIZE, code: grpc.status.INVALID_ARGUMENT, echo: 'cut', call: (v) => ({ method: 'DELETE', url: `/v1/packages/${enc(v)}` }) },
      { name: 'an unknown route', size: URL_SIZE, code: grpc.status.NOT_FOUND, echo: 'cut', call: (v) => ({ method: 'GET', url: `/v1/${enc(v)}` }) },
    ];
    // Install's and Register's bodies are their request messages: every string field, as over gRPC.
    for (const field of fields.filter((f) => f.method.parent === AgentControl && ['Install', 'Register'].includes(f.method.name))) {
      const c = CASES[field.key];
      const url = field.method.name === 'Install' ? '/v1/install' : '/v1/register';
      REST.push({
        name: `POST ${url} body ${field.path.map((f) => f.jsonName).join('.')}`,
        key: field.key,
        size: BODY_SIZE,
        code: c.code,
        echo: c.echo,
        call: (v) => json(url, field.method.input, requestInit(field.path, v, c.base)),
      });
    }

    for (const r of REST) {
      it(`finding 6: ${r.name}`, async () => {
        const value = bigValue(r.echo, r.size);
        const request = r.call(value);
        const res = await fetch(`${daemon().restUrl}${request.url}`, { method: request.method, body: request.body, headers: request.headers });
        const text = await res.text();
        const texts: string[] = [];
        let code: string | undefined;
        if (r.code === grpc.status.OK) {
          assert.equal(res.status, 200, text.slice(0, 300));
          for (const line of text.split('\n').filter(Boolean)) {
            const message = (JSON.parse(line) as { event?: { message?: string } }).event?.message;
            if (message) texts.push(message);
          }
        } else {
          const body = JSON.parse(text) as { code: string; message: string };
          code = body.code;
          texts.push(body.message);
          assert.equal(code, grpc.status[r.code].toLowerCase(), `${res.status} ${text.slice(0, 300)}`);
          assert.ok(res.status >= 400 && res.status < 500, `a client error status, not ${res.status}`);
        }
        checkTexts(texts, value, r.echo);
      });
    }
  });
});
