/**
 * The REST server's life: /healthz, waiting for drain, shutdown with open follows,
 * turned off or refused an address, no gRPC code in it, and its listen options.
 */
import { build } from 'esbuild';
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { DEFAULT_REST_LISTEN } from '../../server/core/config/daemon-config';
import type { StatusContext } from '../../server/core/status/host-status';
import { parseDaemonArgs, USAGE, UsageError } from '../../server/daemon/daemon-options';
import { writeWithBackpressure } from '../../server/rest/response-writer';
import { createRestApp } from '../../server/rest/rest-server';
import { ServingState } from '../../server/rest/serving-state';
import { useRestDaemon } from '../helpers/rest-daemon';
import { startTestDaemon } from '../helpers/test-daemon';
import { REPO_ROOT } from '../helpers/repo-root';

describe('REST API', () => {
  const { daemon, log, get, tail } = useRestDaemon();

  describe('health and lifecycle', () => {
    it('GET /healthz answers SERVING', async () => {
      const res = await get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'SERVING' });
    });

    it('GET /healthz answers 503 NOT_SERVING once the server is stopping', async () => {
      const state = new ServingState();
      state.stop();
      const server = http.createServer(createRestApp({ status: {} as StatusContext, tailer: daemon().daemon.tailer, packages: daemon().daemon.packages, jobs: daemon().daemon.jobs, access: daemon().daemon.access }, state));
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
      fs.writeFileSync(log(), 'a\n');
      const c = await tail('?follow=true', { sse: true });
      await c.untilEvent(LogEventKind.CAUGHT_UP);
      await daemon().daemon.close();
      await c.done();
      assert.equal(c.error, undefined);
      assert.ok(!c.sse.some((e) => e.event === 'end'), 'no "end": an EventSource reconnects to the next daemon');
      assert.equal(daemon().daemon.tailer.openCount(), 0);
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
      const port = daemon().daemon.restAddresses[0].split(':')[1];
      await assert.rejects(
        startTestDaemon({ sandbox: daemon().sandbox, config: { restListen: [`127.0.0.1:${port}`] } }),
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} for the REST API: .*--rest-listen`),
      );
    });

    it('imports nothing from grpc-js or the gRPC adapter', async () => {
      const result = await build({
        entryPoints: [path.join(REPO_ROOT, 'server', 'rest', 'rest-server.ts')],
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
