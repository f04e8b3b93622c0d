/**
 * Finding 12 of issue 7: the README's REST upload example failed silently.
 * `sha256sum Microsoft-ASR_UA_*.tar.gz` over several files put a line break in
 * the X-Content-SHA256 header; Node's HTTP parser refused the request and the
 * daemon answered a bare 400 with an empty body, so `curl -s` printed nothing.
 * Every error response carries a JSON body that says what is wrong, and the
 * README's example, pasted as it is, uploads a package.
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseJson, rawRequest } from '../helpers/raw-http';
import { samplePackage } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';
import { REPO_ROOT } from '../helpers/repo-root';

const execFileAsync = promisify(execFile);
const REPO = REPO_ROOT;

interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes raw bytes to the daemon on 127.0.0.1 and reads everything until the daemon closes the connection. */
function rawExchange(base: string, bytes: string): Promise<ParsedResponse> {
  const port = Number(new URL(base).port);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) });
    });
  });
}

function assertJsonError(res: ParsedResponse, status: number, message: RegExp): string {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  const json = parseJson(res.body);
  assert.ok(json, `a JSON body, not ${JSON.stringify(res.body)}`);
  assert.equal(json.code, 'invalid_argument');
  assert.match(json.message ?? '', message);
  return json.message!;
}

describe('finding 12: the REST upload example and errors with no body', function () {
  this.timeout(60_000);
  const daemon = useTestDaemon({ shared: true });

  it('finding 12: a multi-line X-Content-SHA256, as curl sends `sha256sum *.tar.gz`, answers 400 with a JSON body that says why', async () => {
    const host = new URL(daemon().restUrl).host;
    const name = 'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz';
    // Byte for byte what curl 7.88 sends for -T FILE -H "X-Content-SHA256: $(sha256sum A B | cut -d' ' -f1)".
    const request =
      `PUT /v1/packages/${name} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n` +
      `X-Content-SHA256: ${'a'.repeat(64)}\n${'b'.repeat(64)}\r\n` +
      'Content-Length: 3\r\nExpect: 100-continue\r\n\r\n';
    const res = await rawExchange(daemon().restUrl, request);
    const message = assertJsonError(res, 400, /header X-Content-SHA256/);
    assert.match(message, /line break/);
    assert.match(message, /one sha256 in hex \(64 hex digits\)/);
    assert.match(message, /sha256sum FILE \| cut -d' ' -f1/);
    assert.equal(res.headers.connection, 'close');
    assert.deepEqual((await daemon().client.listPackages()).packages, []);
  });

  it("finding 12: requests Node's HTTP parser refuses get a JSON body too", async () => {
    const host = new URL(daemon().restUrl).host;
    assertJsonError(await rawExchange(daemon().restUrl, `GET /v1/status HTTP/1.1\r\nHost: ${host}\r\nBad Header: x\r\n\r\n`), 400, /header/);
    assertJsonError(await rawExchange(daemon().restUrl, 'NOT HTTP AT ALL\r\n\r\n'), 400, /not a valid HTTP\/1\.1 request/);
    const huge = `GET /v1/status HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n\r\n`;
    assertJsonError(await rawExchange(daemon().restUrl, huge), 431, /headers are larger than/);
  });

  it('finding 12: a sha256sum line (hash and file name) in X-Content-SHA256 says how to hash one file', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const res = await rawRequest({
      base: daemon().restUrl,
      method: 'PUT',
      path: `/v1/packages/${pkg.name}`,
      headers: { 'x-content-sha256': `${pkg.sha256}  ${pkg.name}` },
      body: fs.readFileSync(pkg.path),
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json?.code, 'invalid_argument');
    assert.match(res.json?.message ?? '', /is not 64 hex digits/);
    assert.match(res.json?.message ?? '', /sha256sum/);
  });

  it("finding 12: the README's REST upload example, pasted, uploads a package", async () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const block = /```sh\n((?:(?!```)[\s\S])*npm run samples -- --out(?:(?!```)[\s\S])*)```/.exec(readme)?.[1];
    assert.ok(block, 'the README has an upload example that makes a sample package');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-readme-upload-'));
    try {
      const script = block.replaceAll('127.0.0.1:50052', new URL(daemon().restUrl).host).replaceAll('/tmp/mobility-samples', out);
      assert.notEqual(script, block, 'the example names the default REST address and its sample folder');
      const { stdout } = await execFileAsync('bash', ['-euo', 'pipefail', '-c', script], { cwd: REPO });
      const answer = parseJson(stdout.trim().split('\n').at(-1) ?? '') as { package?: { name: string } } | undefined;
      assert.ok(answer?.package, `the upload answered ${stdout}`);
      const listed = (await daemon().client.listPackages()).packages.map((p) => p.name);
      assert.deepEqual(listed, [answer.package.name]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
