/**
 * Slow and stalled REST clients (rest/connection-limits.ts), over real
 * sockets: headers that trickle in, a body that stops, a response nobody
 * reads are cut off with 408 or a closed connection; an upload that simply
 * takes long and a quiet log follow are not. The limits are shortened through
 * the daemon's start options; the tests never measure time: a connection that
 * is cut is itself the proof that the limit went by.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { applyConnectionLimits } from '../../server/rest/connection-limits';
import { openHttpTail } from '../helpers/http-tail';
import { sha256Of } from '../helpers/package-archives';
import { UBUNTU_930 } from '../helpers/package-repository';
import { samplePackage } from '../helpers/sample-packages';
import { type TestDaemon, useTestDaemon } from '../helpers/test-daemon';
import { untilReceived } from '../helpers/upload-activity';
import { waitFor } from '../helpers/wait-for';

/** A raw connection: what the server sent, and a promise of the moment it closed the connection. */
interface RawConnection {
  socket: net.Socket;
  received(): string;
  closed: Promise<string>;
}

function connect(restUrl: string): Promise<RawConnection> {
  const { port } = new URL(restUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset is one way of being cut off
    const received = () => Buffer.concat(chunks).toString('latin1');
    const closed = new Promise<string>((done) => socket.once('close', () => done(received())));
    socket.once('connect', () => resolve({ socket, received, closed }));
    socket.once('error', reject);
  });
}

/** Sends `text` one byte at a time, each after the one before has been written, until the connection closes. */
function trickle(connection: RawConnection, text: string): void {
  let at = 0;
  const next = () => {
    if (connection.socket.destroyed || at >= text.length) return;
    connection.socket.write(text[at++], () => setTimeout(next, 10));
  };
  next();
}

/** An upload's request head: PUT /v1/packages/NAME with the body's length and hash. */
const uploadHead = (restUrl: string, name: string, body: Buffer) =>
  `PUT /v1/packages/${name} HTTP/1.1\r\nHost: ${new URL(restUrl).host}\r\nContent-Length: ${body.length}\r\n` +
  `X-Content-SHA256: ${sha256Of(body)}\r\nConnection: close\r\n\r\n`;

async function assertHealthy(d: TestDaemon): Promise<void> {
  const res = await fetch(`${d.restUrl}/healthz`);
  assert.equal(res.status, 200);
  assert.equal((await fetch(`${d.restUrl}/v1/status`)).status, 200);
  assert.ok((await d.client.getStatus()).daemon);
}

describe('REST slow clients', () => {
  describe('headers (a short headers deadline)', () => {
    const daemon = useTestDaemon({ restLimits: { headersTimeoutMs: 200, checkIntervalMs: 20 } });

    it('answers 408 and closes a connection whose headers trickle in a byte at a time', async () => {
      const slow = await connect(daemon().restUrl);
      trickle(slow, `GET /v1/status HTTP/1.1\r\nHost: ${new URL(daemon().restUrl).host}\r\nX-Padding: ${'a'.repeat(100_000)}`);
      const answer = await slow.closed;
      assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.match(answer, /"message":"the request did not arrive whole in time; send it again"/);
      await assertHealthy(daemon());
    });

    it('closes a connection that sends nothing at all', async () => {
      const silent = await connect(daemon().restUrl);
      assert.match(await silent.closed, /^(HTTP\/1\.1 408 |$)/);
      await assertHealthy(daemon());
    });

    it('lets an upload take longer than the headers deadline: there is no deadline on a whole request', async () => {
      const d = daemon();
      const body = fs.readFileSync((await samplePackage('9.30.0.0')).path);
      const upload = await connect(d.restUrl);
      const half = Math.floor(body.length / 2);
      const halfway = untilReceived(d.daemon.packages.activity, UBUNTU_930, half);
      upload.socket.write(uploadHead(d.restUrl, UBUNTU_930, body));
      upload.socket.write(body.subarray(0, half));
      await halfway;
      // A connection opened now, whose headers never come, is cut once the headers deadline has passed.
      const clock = await connect(d.restUrl);
      assert.match(await clock.closed, /^(HTTP\/1\.1 408 |$)/);
      upload.socket.write(body.subarray(half)); // not end(): a half-closed connection is an aborted request to Node
      const answer = await upload.closed;
      assert.match(answer, /^HTTP\/1\.1 201 Created\r\n/);
      assert.deepEqual(fs.readFileSync(`${d.daemon.packages.dir}/${UBUNTU_930}`), body);
      await assertHealthy(d);
    });
  });

  describe('stalls (a short inactivity limit)', () => {
    const daemon = useTestDaemon({ restLimits: { idleTimeoutMs: 200 } });

    it('answers 408 and closes an upload whose body stops arriving, keeping nothing of it', async () => {
      const d = daemon();
      const body = randomBytes(256 * 1024);
      const stalled = await connect(d.restUrl);
      const started = untilReceived(d.daemon.packages.activity, UBUNTU_930, 1000);
      stalled.socket.write(uploadHead(d.restUrl, UBUNTU_930, body));
      stalled.socket.write(body.subarray(0, 1000));
      await started;
      const answer = await stalled.closed;
      assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.match(answer, /\r\nConnection: close\r\n/i);
      assert.match(answer, /"message":"the request's body stopped arriving: nothing came for 200 ms; send the request again"/);
      await d.daemon.packages.activity.whenIdle();
      assert.deepEqual(fs.readdirSync(d.daemon.packages.dir), [], 'no package and no temporary file');
      await assertHealthy(d);
    });

    it('still stores an upload sent in one go', async () => {
      const d = daemon();
      const body = fs.readFileSync((await samplePackage('9.30.0.0')).path);
      const res = await fetch(`${d.restUrl}/v1/packages/${UBUNTU_930}`, {
        method: 'PUT',
        body,
        headers: { 'x-content-sha256': sha256Of(body) },
      });
      assert.equal(res.status, 201);
      await assertHealthy(d);
    });

    it('keeps a log follow that is quiet for longer than the limit, and sends it the next line', async () => {
      const d = daemon();
      fs.writeFileSync(d.logPath('installer'), 'first\n');
      const follow = await openHttpTail(d.restUrl, '/v1/logs/installer?follow=true&lines=1');
      await follow.untilLines(1);
      // A stalled upload started after the follow went quiet: once it is cut, the follow has been quiet longer.
      const clock = await connect(d.restUrl);
      clock.socket.write(uploadHead(d.restUrl, UBUNTU_930, randomBytes(1000)));
      assert.match(await clock.closed, /^HTTP\/1\.1 408 /);
      fs.appendFileSync(d.logPath('installer'), 'second\n');
      await follow.untilLines(2);
      assert.deepEqual(follow.lines, ['first', 'second']);
      assert.equal(follow.error, undefined);
      follow.abort();
      await assertHealthy(d);
    });

    it('cuts a client that stops reading a log it asked for, and frees its stream', async () => {
      const d = daemon();
      const line = `${'x'.repeat(1023)}\n`;
      fs.writeFileSync(d.logPath('installer'), line.repeat(48 * 1024)); // 48 MiB: far more than socket buffers hold
      const reader = await connect(d.restUrl);
      reader.socket.write(`GET /v1/logs/installer?format=text HTTP/1.1\r\nHost: ${new URL(d.restUrl).host}\r\n\r\n`);
      reader.socket.pause();
      await waitFor(() => d.daemon.tailer.openCount() === 1, 'the log stream opened');
      await waitFor(() => d.daemon.tailer.openCount() === 0, 'the stream freed once its reader is cut off');
      reader.socket.resume();
      const received = await reader.closed;
      assert.ok(received.length < 48 * 1024 * 1024, 'the response was cut short');
      await assertHealthy(d);
    });
  });

  describe('connections', () => {
    it('closes connections beyond maxConnections as they come, serving the ones it holds', async () => {
      const server = http.createServer((_req, res) => res.end('ok'));
      applyConnectionLimits(server, { maxConnections: 1 });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      try {
        const held = await connect(url);
        held.socket.write(`GET / HTTP/1.1\r\nHost: x\r\n\r\n`);
        await new Promise((resolve) => held.socket.once('data', resolve)); // accepted and answered: it holds the one connection
        const refused = await connect(url);
        assert.equal(await refused.closed, '', 'closed without an answer');
        assert.equal(held.socket.destroyed, false);
        held.socket.destroy();
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('drops no header, however many come (Node drops those past 2000 unless told otherwise)', async () => {
      const server = http.createServer((req, res) => res.end(String(req.headers.origin)));
      applyConnectionLimits(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const padded = await connect(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
        const padding = Array.from({ length: 2500 }, (_, i) => `p${i}:\r\n`).join('');
        padded.socket.write(`GET / HTTP/1.1\r\nHost: x\r\n${padding}Origin: https://evil.example\r\nConnection: close\r\n\r\n`);
        assert.match(await padded.closed, /\r\n\r\nhttps:\/\/evil\.example$/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
