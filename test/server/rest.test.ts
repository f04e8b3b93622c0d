/**
 * The REST API over real HTTP (Node's fetch) against an in-process daemon: the
 * same answers as gRPC, and errors as JSON with the HTTP status of their code.
 * Log streams: rest-log-streams.test.ts; health, shutdown and options: rest-lifecycle.test.ts.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { GetStatusResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { useRestDaemon } from '../helpers/rest-daemon';

describe('REST API', () => {
  const { daemon, log, get } = useRestDaemon();

  describe('GET /v1/status', () => {
    it('answers the protobuf JSON of what gRPC GetStatus answers for the same daemon', async () => {
      const res = await get('/v1/status');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const json = (await res.json()) as { os: { family: string }; host: { memoryTotalBytes: unknown } };
      assert.equal(json.os.family, 'OS_FAMILY_LINUX', 'enums by name');
      assert.equal(typeof json.host.memoryTotalBytes, 'string', 'uint64 as a string');
      const rest = fromJson(GetStatusResponseSchema, json as unknown as JsonValue);
      const grpc = await daemon().client.getStatus();
      assert.equal(rest.daemon?.pid, grpc.daemon?.pid);
      assert.equal(rest.daemon?.version, grpc.daemon?.version);
      assert.deepEqual(rest.daemon?.listenAddresses, grpc.daemon?.listenAddresses);
      assert.deepEqual(rest.daemon?.startTime, grpc.daemon?.startTime);
      assert.equal(rest.host?.hostname, grpc.host?.hostname);
      assert.equal(rest.os?.prettyName, 'Ubuntu 20.04.6 LTS');
      assert.equal(rest.os?.installerOsTag, grpc.os?.installerOsTag);
      assert.equal(rest.os?.support, grpc.os?.support);
      assert.equal(rest.agent?.installed, grpc.agent?.installed);
      assert.deepEqual(
        rest.logs.map((l) => [l.name, l.path]),
        grpc.logs.map((l) => [l.name, l.path]),
      );
    });
  });

  describe('errors', () => {
    const expectError = async (res: Response, status: number, code: string, message: RegExp) => {
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as { code: string; message: string };
      assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
      assert.equal(body.code, code);
      assert.match(body.message, message);
    };

    it('404 naming the valid logs for an unknown log, never reading a path', async () => {
      await expectError(await get('/v1/logs/nope'), 404, 'not_found', /no log named "nope"; choose one of: installer, configurator/);
      await expectError(await get('/v1/logs/%2Fetc%2Fshadow'), 404, 'not_found', /no log named "\/etc\/shadow"/);
    });

    it('400 naming the query parameter and its range for a bad line count', async () => {
      fs.writeFileSync(log(), 'a\n');
      for (const lines of ['abc', '-1', '5000000', '1.5', '']) {
        await expectError(await get(`/v1/logs/installer?lines=${lines}`), 400, 'invalid_argument', /"lines" must be a whole number from 0 to 1,000,000/);
      }
      await expectError(await get('/v1/logs/installer?follow=maybe'), 400, 'invalid_argument', /"follow" must be true or false/);
      await expectError(await get('/v1/logs/installer?from=-3'), 400, 'invalid_argument', /"from" must be 0 or a byte offset/);
      await expectError(await get('/v1/logs/installer?lines=1&from=0'), 400, 'invalid_argument', /"lines" and "from" exclude each other/);
      await expectError(await get('/v1/logs/installer?tail=1'), 400, 'invalid_argument', /unknown query parameter "tail"/);
      await expectError(await get('/v1/logs/installer', { headers: { 'last-event-id': 'x' } }), 400, 'invalid_argument', /Last-Event-ID/);
    });

    it('416 for an offset past the end, 400 for one inside a line, with the domain message verbatim', async () => {
      fs.writeFileSync(log(), 'hello\nworld\n');
      await expectError(await get('/v1/logs/installer?from=100'), 416, 'out_of_range', /past the end of log "installer" \(12 bytes\)/);
      await expectError(await get('/v1/logs/installer?from=3'), 400, 'invalid_argument', /inside a line/);
    });

    it('404 for a log that does not exist yet, 409 for a folder where the log should be', async () => {
      await expectError(await get('/v1/logs/installer'), 404, 'not_found', /does not exist yet; follow it/);
      fs.mkdirSync(log());
      await expectError(await get('/v1/logs/installer'), 409, 'failed_precondition', /is a directory/);
    });

    it('404 naming the routes for an unknown route', async () => {
      await expectError(await get('/v2/status'), 404, 'not_found', /no route GET \/v2\/status; .* GET \/v1\/status, GET \/v1\/logs\/:name, GET \/healthz/);
      await expectError(await get('/v1/status', { method: 'DELETE' }), 404, 'not_found', /no route DELETE \/v1\/status/);
    });
  });
});
