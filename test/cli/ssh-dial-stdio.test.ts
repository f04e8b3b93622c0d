/**
 * `mobilityd dial-stdio` (the bundle, as ssh runs it on a host): bytes both
 * ways unchanged, an exit when either side closes, and a clear stderr line
 * and exit code when the socket cannot be reached.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MOBILITYD_BUNDLE } from '../helpers/spawn-mobilityd';

const dialStdio = (args: string[]) => spawnSync(process.execPath, [MOBILITYD_BUNDLE, 'dial-stdio', ...args], { encoding: 'utf8', input: '' });

describe('mobilityd dial-stdio', function () {
  this.timeout(30_000);
  let dir: string;
  let server: net.Server | undefined;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-dial-'))));
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A socket that echoes what it gets, and ends its side when the client ends its own. */
  async function echoServer(socketPath: string, onConnection: (socket: net.Socket) => void = (s) => s.pipe(s)): Promise<void> {
    server = net.createServer(onConnection);
    server.listen(socketPath);
    await once(server, 'listening');
  }

  it('carries bytes both ways unchanged, and exits 0 once stdin ends', async () => {
    const socketPath = path.join(dir, 'echo.sock');
    await echoServer(socketPath);
    const child = spawn(process.execPath, [MOBILITYD_BUNDLE, 'dial-stdio', '--socket', `unix://${socketPath}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    const received: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => received.push(chunk));
    child.stdin.end(bytes);
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.ok(Buffer.concat(received).equals(bytes), 'the echo came back byte for byte');
  });

  it('exits 0 when the daemon closes its side, with stdin still open', async () => {
    const socketPath = path.join(dir, 'closing.sock');
    await echoServer(socketPath, (socket) => socket.end('bye\n'));
    const child = spawn(process.execPath, [MOBILITYD_BUNDLE, 'dial-stdio', '--socket', socketPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    const [code] = await once(child, 'exit');
    child.stdin.destroy();
    assert.equal(code, 0);
    assert.equal(out, 'bye\n');
  });

  it('no socket: exit 1, naming the path and how to start mobilityd there', () => {
    const missing = path.join(dir, 'mobilityd.sock');
    const r = dialStdio(['--socket', `unix://${missing}`]);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      `mobilityd dial-stdio: no socket at ${missing}: start mobilityd listening there (mobilityd --listen unix://${missing}), or give the socket it listens on with --socket unix:///PATH\n`,
    );
    assert.equal(r.stdout, '');
  });

  it('a socket file nobody listens on: exit 1, "refused", and to start mobilityd again', () => {
    const stale = path.join(dir, 'stale.sock');
    const script = `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    const r = dialStdio(['--socket', stale]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^mobilityd dial-stdio: ${stale.replace(/[.]/g, '\\.')} refused the connection: no mobilityd listens there any more .*start it again \\(mobilityd --listen unix://`));
  });

  it('a --socket that is no Unix socket address, or an unknown option: exit 2 with the usage hint', () => {
    for (const args of [['--socket', 'relative.sock'], ['--socket', '127.0.0.1:50051'], ['--port', '1']]) {
      const r = dialStdio(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^mobilityd dial-stdio: .*\(mobilityd dial-stdio --help\)\n$/);
    }
  });

  it('--help prints its usage', () => {
    const r = dialStdio(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: mobilityd dial-stdio \[--socket unix:\/\/\/PATH\]/);
  });
});
