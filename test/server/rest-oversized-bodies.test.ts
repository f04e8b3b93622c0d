/**
 * Finding 9 of issue 7: oversized JSON bodies. A body over the JSON routes'
 * limit is refused with 413 and a JSON error at once, from the Content-Length
 * (or as soon as a chunked body grows past it), and the connection is closed
 * cleanly: a client that keeps writing its body reads the answer, never a reset.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as http from 'node:http';
import { finished } from 'node:stream/promises';
import { firstEvent } from '../../server/streams/first-event';
import { useJobDaemon } from '../helpers/job-daemon';
import { parseJson } from '../helpers/raw-http';

const TEN_MB = 10 * 1024 * 1024;
const BLOCK = Buffer.alloc(64 * 1024, 0x20); // spaces: still "JSON" to a reader that never stops

interface Outcome {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { code?: string; message?: string } | undefined;
  /** A request-side error (e.g. ECONNRESET, EPIPE) seen before the response was read whole. */
  error?: Error;
  /** Whether the server sent 100 Continue. */
  continued: boolean;
  /** Bytes of the body the client had handed to its socket when the response arrived. */
  writtenAtResponse: number;
}

/**
 * POSTs a body to 127.0.0.1 the way a plain client does: `write` produces the
 * body (it may wait for the response first), and the outcome says whether the
 * response was read whole.
 */
function post(
  base: string,
  path: string,
  headers: Record<string, string>,
  write: (req: http.ClientRequest, response: Promise<http.IncomingMessage>) => Promise<void>,
): Promise<Outcome> {
  const url = new URL(base);
  let written = 0;
  let writtenAtResponse = -1;
  let continued = false;
  const req = http.request({ host: '127.0.0.1', port: Number(url.port), method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, agent: false });
  const originalWrite = req.write.bind(req) as (chunk: Buffer) => boolean;
  req.write = ((chunk: Buffer) => {
    written += chunk.length;
    return originalWrite(chunk);
  }) as typeof req.write;
  req.on('continue', () => (continued = true));
  let requestError: Error | undefined;
  req.on('error', (err) => (requestError ??= err));
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', (res) => {
      writtenAtResponse = written;
      resolve(res);
    });
    req.once('error', reject);
  });
  return (async () => {
    const writing = write(req, response).catch((err: Error) => void (requestError ??= err));
    let res: http.IncomingMessage;
    try {
      res = await response;
    } catch (err) {
      await writing;
      throw err;
    }
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(res, 'end');
    await writing;
    const body = parseJson(Buffer.concat(chunks).toString('utf8'));
    return { status: res.statusCode ?? 0, headers: res.headers, body, error: requestError, continued, writtenAtResponse };
  })();
}

/** Writes `total` bytes in blocks, waiting for drain; stops early when the socket is gone. */
async function writeBlocks(req: http.ClientRequest, total: number): Promise<void> {
  for (let sent = 0; sent < total && !req.destroyed; sent += BLOCK.length) {
    const block = BLOCK.subarray(0, Math.min(BLOCK.length, total - sent));
    if (!req.write(block)) await firstEvent(req, ['drain', 'close']);
  }
}

function assertTooLarge(outcome: Outcome): void {
  assert.equal(outcome.status, 413, JSON.stringify(outcome.body));
  assert.equal(outcome.body?.code, 'resource_exhausted');
  assert.match(outcome.body?.message ?? '', /larger than 65536 bytes/);
  assert.equal(outcome.headers.connection, 'close');
  assert.equal(outcome.error, undefined, `the client saw ${outcome.error?.message}`);
}

describe('finding 9: oversized JSON bodies', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon({ shared: true });
  afterEach(async () => {
    assert.deepEqual((await daemon().client.listJobs()).jobs, [], 'no job was created');
  });

  it('finding 9: a 10 MB POST /v1/install answers 413 from its Content-Length before any of the body is sent', async () => {
    const outcome = await post(daemon().restUrl, '/v1/install', { 'content-length': String(TEN_MB) }, async (req, response) => {
      req.flushHeaders();
      await response; // nothing is written until the daemon has answered
      await writeBlocks(req, TEN_MB); // then the client keeps writing its 10 MB anyway
      req.end();
    });
    assert.equal(outcome.writtenAtResponse, 0);
    assertTooLarge(outcome);
    assert.match(outcome.body!.message!, /10485760 bytes/);
  });

  it('finding 9: a client that writes all 10 MB without waiting reads the 413 status and body, not ECONNRESET', async () => {
    for (const path of ['/v1/install', '/v1/register']) {
      const outcome = await post(daemon().restUrl, path, { 'content-length': String(TEN_MB) }, async (req) => {
        await writeBlocks(req, TEN_MB);
        req.end();
      });
      assertTooLarge(outcome);
    }
  });

  it('finding 9: a chunked body that grows past 65536 bytes answers 413 while the client keeps writing', async () => {
    const outcome = await post(daemon().restUrl, '/v1/install', {}, async (req) => {
      await writeBlocks(req, 2 * 1024 * 1024);
      req.end();
    });
    assertTooLarge(outcome);
  });

  it('finding 9: with Expect: 100-continue the 413 comes instead of 100 Continue, and no body is asked for', async () => {
    const outcome = await post(daemon().restUrl, '/v1/install', { 'content-length': String(TEN_MB), expect: '100-continue' }, async (req, response) => {
      req.flushHeaders();
      await finished(await response); // the answer, read whole
      req.destroy(); // a client told 413 before sending anything sends nothing
    });
    assert.equal(outcome.continued, false, 'no 100 Continue for a body that will be refused');
    assert.equal(outcome.status, 413);
    assert.match(outcome.body?.message ?? '', /larger than 65536 bytes/);
  });
});
