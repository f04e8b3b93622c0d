/**
 * The REST API over real HTTP (Node's fetch) against an in-process daemon: the
 * same answers as gRPC, NDJSON and Server-Sent Events log streams read
 * incrementally (no sleeps), error mapping, and streams freed when a client
 * leaves or the daemon stops.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { build } from 'esbuild';
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GetStatusResponseSchema,
  LogEventKind,
  TailLogResponseSchema,
  type LogChunk,
} from '../gen/mobility/v1/agent_control_pb';
import { DEFAULT_REST_LISTEN } from '../server/core/config/daemon-config';
import type { StatusContext } from '../server/core/status/host-status';
import { parseDaemonArgs, USAGE, UsageError } from '../server/daemon/daemon-options';
import { writeWithBackpressure } from '../server/rest/response-writer';
import { createRestApp } from '../server/rest/rest-server';
import { ServingState } from '../server/rest/serving-state';
import { lineText, linesOf } from './helpers/log-lines';
import { startTestDaemon, type TestDaemon } from './helpers/test-daemon';
import { LogReceiver } from './helpers/tail-collector';

const SSE_ACCEPT = { accept: 'text/event-stream' };

describe('REST API', () => {
  let t: TestDaemon;
  let log: string;

  beforeEach(async () => {
    t = await startTestDaemon();
    log = t.logPath('installer');
  });
  afterEach(async () => {
    await t.stop();
  });

  const get = (urlPath: string, init?: RequestInit) => fetch(`${t.restUrl}${urlPath}`, init);
  const tail = async (query: string, init?: RequestInit & { sse?: boolean }) => {
    const headers = { ...(init?.sse ? SSE_ACCEPT : {}), ...(init?.headers as Record<string, string> | undefined) };
    const controller = new AbortController();
    const res = await get(`/v1/logs/installer${query}`, { ...init, headers, signal: controller.signal });
    assert.equal(res.status, 200, `GET /v1/logs/installer${query}: ${res.status}`);
    return new HttpTail(res, init?.sse ? 'sse' : 'ndjson', controller);
  };

  describe('GET /v1/status', () => {
    it('answers the protobuf JSON of what gRPC GetStatus answers for the same daemon', async () => {
      const res = await get('/v1/status');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const json = (await res.json()) as { os: { family: string }; host: { memoryTotalBytes: unknown } };
      assert.equal(json.os.family, 'OS_FAMILY_LINUX', 'enums by name');
      assert.equal(typeof json.host.memoryTotalBytes, 'string', 'uint64 as a string');
      const rest = fromJson(GetStatusResponseSchema, json as unknown as JsonValue);
      const grpc = await t.client.getStatus();
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

  describe('GET /v1/logs/:name as NDJSON', () => {
    it('sends the last N whole lines, one TailLogResponse JSON per line', async () => {
      fs.writeFileSync(log, `${linesOf(1, 50).join('\n')}\npartial`);
      const res = await get('/v1/logs/installer?lines=3');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const body = await res.text();
      assert.ok(body.endsWith('\n'));
      const messages = body
        .split('\n')
        .slice(0, -1)
        .map((line) => fromJson(TailLogResponseSchema, JSON.parse(line) as JsonValue));
      const text = messages.map((m) => (m.item.case === 'chunk' ? Buffer.from(m.item.value.data).toString() : '')).join('');
      assert.deepEqual(text.split('\n').slice(0, -1), linesOf(48, 50));
    });

    it('streams a whole large log in chunks whose offsets tile the file', async () => {
      const content = `${linesOf(1, 60_000).join('\n')}\n`;
      fs.writeFileSync(log, content);
      const c = await tail('');
      await c.done();
      assert.equal(c.text, content);
      let expected = 0n;
      for (const chunk of c.chunks) {
        assert.equal(chunk.offset, expected);
        expected = chunk.nextOffset;
      }
      assert.ok(c.chunks.length > 1);
    });

    it('stops at maxBytes and resumes from the last nextOffset and fileId with nothing lost or repeated', async () => {
      const content = `${linesOf(1, 1000).join('\n')}\n`;
      fs.writeFileSync(log, content);
      const first = await tail('?maxBytes=10000');
      await first.done();
      assert.ok(first.text.length <= 10_000 && first.text.length > 9_000);
      const last = first.chunks[first.chunks.length - 1];
      const rest = await tail(`?from=${last.nextOffset}&fileId=${encodeURIComponent(last.fileId)}`);
      await rest.done();
      assert.equal(first.text + rest.text, content);
    });

    it('follows: after the caught_up event it delivers a line appended to the log', async () => {
      fs.writeFileSync(log, `${linesOf(1, 5).join('\n')}\n`);
      const c = await tail('?follow=true&lines=2');
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      assert.deepEqual(c.lines, linesOf(4, 5));
      fs.appendFileSync(log, `${lineText(6)}\n`);
      await c.untilLines(3);
      assert.deepEqual(c.lines, linesOf(4, 6));
      c.abort();
    });

    it('frees the stream, its watcher and descriptors when the client aborts a follow', async () => {
      fs.writeFileSync(log, 'a\n');
      const before = t.daemon.registry.stats();
      const followers = await Promise.all(Array.from({ length: 5 }, () => tail('?follow=true&lines=1')));
      await Promise.all(followers.map((f) => f.untilEvent(LogEventKind.CAUGHT_UP)));
      assert.equal(t.daemon.tailer.openCount(), 5);
      followers.forEach((f) => f.abort());
      await Promise.all(followers.map((f) => f.done()));
      await waitFor(() => t.daemon.tailer.openCount() === 0);
      assert.deepEqual(t.daemon.registry.stats(), before);
    });
  });

  describe('GET /v1/logs/:name as Server-Sent Events', () => {
    it('resumes exactly from Last-Event-ID, as a reconnecting EventSource does with the same URL', async () => {
      const content = `${linesOf(1, 1000).join('\n')}\n`;
      fs.writeFileSync(log, content);
      let text = '';
      let lastEventId: string | undefined;
      let rounds = 0;
      for (;;) {
        const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
        const c = await tail('?from=0&maxBytes=10000', { sse: true, headers });
        await c.done();
        assert.equal(c.contentType, 'text/event-stream; charset=utf-8');
        assert.equal(c.sse.at(-1)?.event, 'end', 'a complete finite stream says so');
        for (const e of c.sse.filter((x) => x.event === 'chunk')) {
          const chunk = fromJson(TailLogResponseSchema, JSON.parse(e.data) as JsonValue).item.value as LogChunk;
          assert.equal(e.id, `${chunk.nextOffset}@${chunk.fileId}`);
        }
        rounds++;
        if (c.chunks.length === 0) break;
        text += c.text;
        lastEventId = c.lastEventId;
      }
      assert.equal(text, content);
      assert.ok(rounds > 5, 'the log took several reconnections');
    });

    it('resumes with a ROTATED event and the new file when the log was rotated between connections', async () => {
      fs.writeFileSync(log, 'old 1\nold 2\n');
      const c = await tail('?follow=true&from=0', { sse: true });
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      const id = c.lastEventId!;
      c.abort();
      fs.renameSync(log, `${log}.1`);
      fs.writeFileSync(log, 'new 1\n');
      const resumed = await tail('?follow=true&from=0', { sse: true, headers: { 'last-event-id': id } });
      await resumed.untilLines(1);
      assert.deepEqual(resumed.lines, ['new 1']);
      assert.equal(resumed.events[0], LogEventKind.ROTATED);
      resumed.abort();
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
      fs.writeFileSync(log, 'a\n');
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
      fs.writeFileSync(log, 'hello\nworld\n');
      await expectError(await get('/v1/logs/installer?from=100'), 416, 'out_of_range', /past the end of log "installer" \(12 bytes\)/);
      await expectError(await get('/v1/logs/installer?from=3'), 400, 'invalid_argument', /inside a line/);
    });

    it('404 for a log that does not exist yet, 409 for a folder where the log should be', async () => {
      await expectError(await get('/v1/logs/installer'), 404, 'not_found', /does not exist yet; follow it/);
      fs.mkdirSync(log);
      await expectError(await get('/v1/logs/installer'), 409, 'failed_precondition', /is a directory/);
    });

    it('404 naming the routes for an unknown route', async () => {
      await expectError(await get('/v2/status'), 404, 'not_found', /no route GET \/v2\/status; .* GET \/v1\/status, GET \/v1\/logs\/:name, GET \/healthz/);
      await expectError(await get('/v1/status', { method: 'DELETE' }), 404, 'not_found', /no route DELETE \/v1\/status/);
    });
  });

  describe('health and lifecycle', () => {
    it('GET /healthz answers SERVING', async () => {
      const res = await get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'SERVING' });
    });

    it('GET /healthz answers 503 NOT_SERVING once the server is stopping', async () => {
      const state = new ServingState();
      state.stop();
      const server = http.createServer(createRestApp({ status: {} as StatusContext, tailer: t.daemon.tailer, packages: t.daemon.packages, jobs: t.daemon.jobs }, state));
      await once(server.listen(0, '127.0.0.1'), 'listening');
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
        assert.equal(res.status, 503);
        assert.deepEqual(await res.json(), { status: 'NOT_SERVING' });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('waits for drain when the socket is full, leaving no listener behind', async () => {
      const block = `${'x'.repeat(64 * 1024 - 1)}\n`;
      const blocks = 200; // 12.8 MB: far more than the socket buffers hold
      let waits = 0;
      let leftover = -1;
      const server = http.createServer(async (_req, res) => {
        const before = { drain: res.listenerCount('drain'), close: res.listenerCount('close') };
        for (let i = 0; i < blocks; i++) {
          const wait = writeWithBackpressure(res, block);
          if (wait) {
            waits++;
            await wait;
          }
        }
        leftover = res.listenerCount('drain') - before.drain + res.listenerCount('close') - before.close;
        res.end();
      });
      await once(server.listen(0, '127.0.0.1'), 'listening');
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        assert.equal((await res.text()).length, block.length * blocks);
        assert.ok(waits > 0, 'the writer had to wait for drain');
        assert.equal(leftover, 0);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('shutdown ends an open follow at once instead of waiting for the client', async () => {
      fs.writeFileSync(log, 'a\n');
      const c = await tail('?follow=true', { sse: true });
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      await t.daemon.close();
      await c.done();
      assert.equal(c.error, undefined);
      assert.ok(!c.sse.some((e) => e.event === 'end'), 'no "end": an EventSource reconnects to the next daemon');
      assert.equal(t.daemon.tailer.openCount(), 0);
    });

    it('can be turned off, leaving gRPC alone', async () => {
      const off = await startTestDaemon({ config: { restListen: [] } });
      try {
        assert.deepEqual(off.daemon.restAddresses, []);
        assert.equal(off.restUrl, '');
        assert.ok(await off.client.getStatus());
      } finally {
        await off.stop();
      }
    });

    it('fails to start, closing gRPC again, when the REST address is taken', async () => {
      const port = t.daemon.restAddresses[0].split(':')[1];
      await assert.rejects(
        startTestDaemon({ sandbox: t.sandbox, config: { restListen: [`127.0.0.1:${port}`] } }),
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} for the REST API: .*--rest-listen`),
      );
    });

    it('imports nothing from grpc-js or the gRPC adapter', async () => {
      const result = await build({
        entryPoints: [path.join(__dirname, '..', 'server', 'rest', 'rest-server.ts')],
        bundle: true,
        platform: 'node',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.ok(inputs.some((i) => i.includes('node_modules/express/')));
      assert.deepEqual(
        inputs.filter((i) => i.includes('@grpc/') || i.includes('server/grpc/')),
        [],
      );
    });
  });

  describe('options', () => {
    it('listens on 127.0.0.1:50052 by default, on --rest-listen addresses, or not at all with off', () => {
      const run = (argv: string[]) => {
        const parsed = parseDaemonArgs(argv);
        assert.equal(parsed.kind, 'run');
        return parsed.kind === 'run' ? parsed.config.restListen : [];
      };
      assert.equal(DEFAULT_REST_LISTEN, '127.0.0.1:50052');
      assert.deepEqual(run([]), ['127.0.0.1:50052']);
      assert.deepEqual(run(['--rest-listen', '127.0.0.1:8080', '--rest-listen', '[::1]:8080']), ['127.0.0.1:8080', '[::1]:8080']);
      assert.deepEqual(run(['--rest-listen', 'off']), []);
      assert.match(USAGE, /--rest-listen ADDR/);
      assert.throws(() => run(['--rest-listen', 'localhost']), (e: Error) => e instanceof UsageError && /REST listen address "localhost" is not host:port/.test(e.message));
      assert.throws(() => run(['--rest-listen', 'off', '--rest-listen', '127.0.0.1:1']), (e: Error) => e instanceof UsageError && /cannot be combined/.test(e.message));
    });

    it('reads restListen from the config file, flags winning', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobilityd-rest-options-'));
      try {
        const file = path.join(dir, 'mobilityd.json');
        const restListenOf = (argv: string[]) => {
          const parsed = parseDaemonArgs(['--config', file, ...argv]);
          return parsed.kind === 'run' ? parsed.config.restListen : undefined;
        };
        fs.writeFileSync(file, JSON.stringify({ restListen: '0.0.0.0:9000' }));
        assert.deepEqual(restListenOf([]), ['0.0.0.0:9000']);
        assert.deepEqual(restListenOf(['--rest-listen', '127.0.0.1:9001']), ['127.0.0.1:9001']);
        fs.writeFileSync(file, JSON.stringify({ restListen: 'off' }));
        assert.deepEqual(restListenOf([]), []);
        fs.writeFileSync(file, JSON.stringify({ restListen: [] }));
        assert.deepEqual(restListenOf([]), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a log stream response incrementally, NDJSON or SSE, and lets a test
 * wait, event-driven, until what arrived satisfies a condition.
 */
class HttpTail extends LogReceiver {
  readonly sse: SseEvent[] = [];
  readonly contentType: string;
  lastEventId?: string;

  constructor(
    res: Response,
    private readonly format: 'ndjson' | 'sse',
    /** The fetch's AbortController. */
    private readonly controller: AbortController,
  ) {
    super();
    this.contentType = res.headers.get('content-type') ?? '';
    void this.pump(res.body!.getReader());
  }

  done(): Promise<void> {
    return this.until(() => false, 'the end').catch(() => undefined);
  }

  /** The client goes away: fetch's AbortController drops the connection mid-stream. */
  abort(): void {
    this.controller.abort();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const separator = this.format === 'sse' ? '\n\n' : '\n';
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        for (let end = buffered.indexOf(separator); end >= 0; end = buffered.indexOf(separator)) {
          const record = buffered.slice(0, end);
          buffered = buffered.slice(end + separator.length);
          if (this.format === 'sse') this.onSse(record);
          else this.onMessage(JSON.parse(record) as JsonValue);
        }
        this.notify();
      }
      assert.equal(buffered, '', 'the stream ends on a record boundary');
    } catch (err) {
      if (!this.controller.signal.aborted) this.error = err as Error;
    }
    this.ended = true;
    this.notify();
  }

  private onSse(record: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    for (const line of record.split('\n')) {
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = this.lastEventId = value;
      else if (field === 'data') event.data += value;
    }
    this.sse.push(event);
    if (event.event === 'chunk' || event.event === 'event') this.onMessage(JSON.parse(event.data) as JsonValue);
  }

  private onMessage(json: JsonValue): void {
    this.receive(fromJson(TailLogResponseSchema, json));
  }
}

/** Polls a cheap in-process condition on each turn of the event loop (bounded). */
async function waitFor(condition: () => boolean, turns = 10_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}
