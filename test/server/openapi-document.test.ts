/**
 * The REST API's OpenAPI document as generated: a valid OpenAPI 3.1 document
 * (a well-kept validator says so), one operation per route of the route table
 * and nothing else, every route described, and schemas that accept exactly
 * the protobuf JSON the server writes with the same descriptors.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toJson } from '@bufbuild/protobuf';
import { Validator } from '@seriousme/openapi-schema-validator';
import { MOBILITYD_VERSION } from '../../contract/version';
import { AgentControl, file_mobility_v1_agent_control } from '../../gen/mobility/v1/agent_control_pb';
import { generateOpenApiDocument, OPENAPI_FILE, openApiFileText } from '../../scripts/openapi/generate-document';
import { openApiDocument } from '../../server/rest/openapi/openapi-document';
import type { OpenApiDocument, OperationObject, ResponseObject } from '../../server/rest/openapi/openapi-types';
import { ROUTE_DOCS } from '../../server/rest/openapi/route-docs';
import { ROUTES } from '../../server/rest/route-table';
import { openApiAnswers, type OpenApiAnswers } from '../helpers/openapi-answers';
import { ONEOF_PICKS, populatedMessage } from '../helpers/populated-message';
import { REPO_ROOT } from '../helpers/repo-root';

const METHODS = ['get', 'put', 'post', 'delete'] as const;

function operations(document: OpenApiDocument): { method: string; path: string; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ method, path: route, operation: item[method]! }] : [])),
  );
}

describe('OpenAPI document of the REST API', () => {
  let document: OpenApiDocument;
  let answers: OpenApiAnswers;
  before(() => {
    document = generateOpenApiDocument();
    answers = openApiAnswers(document);
  });

  it('is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
  });

  it('is the file committed in gen/openapi/ (npm run generate writes it)', () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, OPENAPI_FILE), 'utf8');
    assert.ok(committed === openApiFileText(document), `${OPENAPI_FILE} is stale: run npm run generate`);
  });

  it("carries mobilityd's version", () => {
    assert.equal(document.openapi, '3.1.0');
    assert.equal(document.info.version, MOBILITYD_VERSION);
  });

  it('has each route of the route table, with its method and path in OpenAPI form, and no other', () => {
    const documented = operations(document).map(({ method, path: route, operation }) => `${method} ${route} ${operation.operationId}`);
    const routed = ROUTES.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')} ${route.rpc}`);
    assert.deepEqual(documented.sort(), routed.sort());
    assert.ok(documented.includes('get /v1/jobs/{id}/watch WatchJob'), documented.join('\n'));
  });

  it('describes every route in route-docs.ts, and describes no route that does not exist', () => {
    const rpcs = ROUTES.map((route) => route.rpc);
    assert.deepEqual(rpcs.filter((rpc) => !ROUTE_DOCS[rpc]), [], 'routes without an entry in server/rest/openapi/route-docs.ts');
    assert.deepEqual(Object.keys(ROUTE_DOCS).filter((rpc) => !rpcs.includes(rpc)), [], 'entries of route-docs.ts for no route');
  });

  it('refuses to generate a route that has no description, naming where to add it', () => {
    const routes = [...ROUTES, { method: 'get' as const, path: '/v1/brand-new', rpc: 'BrandNew' }];
    assert.throws(
      () => openApiDocument({ routes, service: AgentControl, comments: new Map() }),
      /route GET \/v1\/brand-new \(rpc BrandNew\) has no OpenAPI description: add an entry "BrandNew" to server\/rest\/openapi\/route-docs\.ts/,
    );
  });

  it('refuses a path parameter that route-docs.ts does not describe', () => {
    const routes = [{ method: 'get' as const, path: '/v1/jobs/:jobId', rpc: 'GetJob' }];
    assert.throws(() => openApiDocument({ routes, service: AgentControl, comments: new Map() }), /pathParameters must describe exactly jobId, not id/);
  });

  it('asks for a bearer token or a client certificate on every route but /healthz and /v1/openapi.json, which answer 401 and 429 only then', () => {
    assert.deepEqual(document.security, [{ bearerAuth: [] }, { mutualTLS: [] }]);
    assert.equal(document.components.securitySchemes.bearerAuth.type, 'http');
    assert.equal(document.components.securitySchemes.bearerAuth.scheme, 'bearer');
    assert.equal(document.components.securitySchemes.mutualTLS.type, 'mutualTLS');
    for (const { method, path: route, operation } of operations(document)) {
      const open = route === '/healthz' || route === '/v1/openapi.json';
      assert.deepEqual(operation.security, open ? [] : undefined, `${method} ${route}`);
      for (const status of ['401', '429']) assert.equal(status in operation.responses, !open, `${method} ${route} ${status}`);
      for (const status of ['403', '421']) assert.ok(status in operation.responses, `${method} ${route} ${status}`);
    }
  });

  it("takes the RPC's request message as the JSON body and answers its response message", () => {
    const install = document.paths['/v1/install'].post!;
    assert.deepEqual(install.requestBody?.content['application/json'].schema, { $ref: '#/components/schemas/InstallRequest' });
    assert.deepEqual((install.responses['200'] as { content: object }).content, {
      'application/json': { schema: { $ref: '#/components/schemas/InstallResponse' } },
    });
    const upload = document.paths['/v1/packages/{name}'].put!;
    assert.deepEqual(Object.keys(upload.requestBody!.content), ['application/octet-stream']);
    assert.deepEqual(Object.keys(upload.responses).slice(0, 2), ['200', '201']);
    const logs = document.paths['/v1/logs/{name}'].get!;
    assert.deepEqual(Object.keys((logs.responses['200'] as { content: object }).content), ['application/x-ndjson', 'text/event-stream', 'text/plain']);
    assert.deepEqual(
      logs.parameters?.map((parameter) => `${parameter.in} ${parameter.name}`),
      ['path name', 'query lines', 'query follow', 'query from', 'query fileId', 'query maxBytes', 'query format', 'header Last-Event-ID'],
    );
  });

  it("describes fields, enums and operations with the proto file's comments", () => {
    const job = document.components.schemas.Job as { properties: Record<string, { description?: string }> };
    assert.match(job.properties.requestId.description ?? '', /The client's request id, when it sent one\./);
    assert.match(String(document.components.schemas.JobState.description), /- `JOB_STATE_CANCELLED`: Cancelled by CancelJob\./);
    assert.match(document.paths['/v1/jobs/{id}/cancel'].post!.description, /^Ends a queued or running job/);
  });

  it('lets an error status carry only the codes error-response.ts answers it with', () => {
    const notFound = document.paths['/v1/jobs/{id}'].get!.responses['404'] as ResponseObject;
    const schema = notFound.content?.['application/json'].schema as { allOf: unknown[] };
    assert.deepEqual(schema.allOf[1], { type: 'object', properties: { code: { enum: ['not_found'] } } });
    const answer = { method: 'GET', path: '/v1/jobs/{id}', status: 404, contentType: 'application/json; charset=utf-8' };
    assert.deepEqual(answers.errors(answer, { code: 'not_found', message: 'there is no job "x" on this host' }), []);
    assert.notDeepEqual(answers.errors(answer, { code: 'internal', message: 'x' }), []);
    assert.notDeepEqual(answers.errors(answer, { code: 'not_found' }), []);
  });

  describe('schemas of the messages', () => {
    const messages = file_mobility_v1_agent_control.messages;

    it('accept every message the API sends or takes, every field set, in the protobuf JSON the server writes', () => {
      const documented = messages.filter((desc) => desc.name in document.components.schemas);
      assert.ok(documented.length > 20, `only ${documented.length} message schemas`);
      for (const desc of documented) {
        const seen = new Set<string>();
        for (const pick of ONEOF_PICKS) {
          const json = toJson(desc, populatedMessage(desc, pick)) as Record<string, unknown>;
          Object.keys(json).forEach((key) => seen.add(key));
          assert.deepEqual(answers.schemaErrors(desc.name, json), [], `${desc.name} (${pick} oneof members): ${JSON.stringify(json)}`);
        }
        const properties = Object.keys((document.components.schemas[desc.name] as { properties: object }).properties);
        assert.deepEqual(properties.filter((name) => !seen.has(name)), [], `${desc.name} documents properties its JSON never has`);
      }
    });

    it('refuse what protobuf JSON never is: an int64 as a number, an unknown enum name, two members of a oneof, a property of another name', () => {
      assert.deepEqual(answers.schemaErrors('LogChunk', { offset: '12', data: 'AAo=', nextOffset: '14' }), []);
      assert.notDeepEqual(answers.schemaErrors('LogChunk', { offset: 12 }), []);
      assert.notDeepEqual(answers.schemaErrors('Job', { state: 'JOB_STATE_DONE' }), []);
      assert.notDeepEqual(answers.schemaErrors('Job', { install: {}, register: {} }), []);
      assert.notDeepEqual(answers.schemaErrors('Job', { create_time: '2024-05-01T12:30:00Z' }), []);
      assert.notDeepEqual(answers.schemaErrors('Job', { createTime: 'yesterday' }), []);
    });

    it('exist for every message reachable from a route, and only for those', () => {
      const reachable = new Set<string>();
      const visit = (desc: (typeof messages)[number]) => {
        if (reachable.has(desc.name) || desc.typeName.startsWith('google.protobuf.')) return;
        reachable.add(desc.name);
        for (const field of desc.fields) if (field.message) visit(field.message as typeof desc);
      };
      for (const route of ROUTES) {
        const method = AgentControl.methods.find((candidate) => candidate.name === route.rpc);
        if (!method) continue;
        visit(method.output);
        if (ROUTE_DOCS[route.rpc].body?.kind === 'message') visit(method.input);
      }
      const own = ['Error', 'StreamError', 'HealthStatus', 'OpenApiDocument'];
      const enums = file_mobility_v1_agent_control.enums.map((desc) => desc.name);
      const messageSchemas = Object.keys(document.components.schemas).filter((name) => !own.includes(name) && !enums.includes(name));
      assert.deepEqual(messageSchemas.sort(), [...reachable].sort());
    });
  });
});
