/**
 * Finding 17 of issue 7: log text was only base64 (LogChunk.data is bytes) in
 * REST. GET /v1/logs/NAME with `Accept: text/plain` or `?format=text` streams
 * the lines themselves, as `kubectl logs` does, with lines/follow/from/maxBytes.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { lineText, linesOf, wholeLinesWithin } from '../helpers/log-lines';
import { useTestDaemon } from '../helpers/test-daemon';
import { Waitable } from '../helpers/waitable';

/** A text/plain log stream read incrementally; tests wait, event-driven, for what arrived. */
class TextTail extends Waitable {
  text = '';
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  private readonly req: http.ClientRequest;

  constructor(base: string, path: string, headers: Record<string, string> = {}) {
    super();
    const url = new URL(base);
    this.req = http.get({ host: '127.0.0.1', port: Number(url.port), path, headers, agent: false }, (res) => {
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.text += chunk;
        this.notify();
      });
      res.once('end', () => this.finish());
      res.once('error', (err) => this.finish(err));
      this.notify();
    });
    this.req.once('error', (err) => this.finish(err));
  }

  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }

  done(): Promise<void> {
    return this.until(() => false, 'the end').catch(() => undefined);
  }

  close(): void {
    this.req.destroy();
  }

  private finish(err?: Error): void {
    if (err && !this.req.destroyed) this.error = err;
    this.ended = true;
    this.notify();
  }
}

describe('finding 17: log text over REST', function () {
  let log: string;
  const daemon = useTestDaemon();
  beforeEach(() => {
    log = daemon().logPath('installer');
  });

  const read = async (path: string, headers?: Record<string, string>) => {
    const tail = new TextTail(daemon().restUrl, path, headers);
    await tail.done();
    assert.equal(tail.error, undefined);
    assert.equal(tail.status, 200, tail.text);
    return tail;
  };

  it('finding 17: ?format=text and Accept: text/plain return exactly the log file, as text/plain', async () => {
    const content = `${linesOf(1, 20_000).join('\n')}\n`;
    fs.writeFileSync(log, content);
    const byQuery = await read('/v1/logs/installer?format=text');
    assert.equal(byQuery.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(byQuery.text, content);
    const byAccept = await read('/v1/logs/installer', { accept: 'text/plain' });
    assert.equal(byAccept.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(byAccept.text, content);
  });

  it('finding 17: the text form honours lines, from and maxBytes', async () => {
    const content = `${linesOf(1, 100).join('\n')}\n`;
    fs.writeFileSync(log, content);
    assert.deepEqual((await read('/v1/logs/installer?format=text&lines=3')).lines, linesOf(98, 100));
    const offset = content.indexOf(`${lineText(51)}\n`);
    assert.equal((await read(`/v1/logs/installer?format=text&from=${offset}`)).text, content.slice(offset));
    const limited = await read('/v1/logs/installer?format=text&maxBytes=1000');
    assert.equal(limited.text, wholeLinesWithin(content, 1000), 'the whole lines within 1000 bytes');
  });

  it('finding 17: the text form follows: an appended line arrives, and nothing but lines is sent', async () => {
    fs.writeFileSync(log, `${linesOf(1, 5).join('\n')}\n`);
    const tail = new TextTail(daemon().restUrl, '/v1/logs/installer?follow=true&lines=2', { accept: 'text/plain' });
    await tail.until((c) => c.lines.length >= 2, '2 lines');
    assert.deepEqual(tail.lines, linesOf(4, 5));
    fs.appendFileSync(log, `${lineText(6)}\n${lineText(7)}\n`);
    await tail.until((c) => c.lines.length >= 4, '4 lines');
    assert.equal(tail.text, `${linesOf(4, 7).join('\n')}\n`);
    tail.close();
    await tail.done();
  });

  it('finding 17: a wrong format is refused, naming the formats', async () => {
    const tail = new TextTail(daemon().restUrl, '/v1/logs/installer?format=base64');
    await tail.done();
    assert.equal(tail.status, 400);
    assert.match((JSON.parse(tail.text) as { message: string }).message, /"format" must be text, ndjson or sse, not "base64"/);
  });
});
