import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { AgentControlClient } from '../../client/agent-control-client';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';
import { REPO_ROOT } from '../helpers/repo-root';

const DAEMON = path.join(REPO_ROOT, 'dist', 'mobilityd.cjs');

describe('mobilityd options', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobilityd-options-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('defaults to 127.0.0.1:50051 over the real host root', () => {
    const parsed = parseDaemonArgs([]);
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.deepEqual(parsed.config.listen, ['127.0.0.1:50051']);
    assert.equal(parsed.config.root, '/');
  });

  it('reads a config file, resolving its paths relative to the file, and lets flags win', () => {
    const file = path.join(dir, 'mobilityd.json');
    fs.writeFileSync(file, JSON.stringify({ listen: '127.0.0.1:6000', root: 'sandbox', stateDir: 'state' }));
    const parsed = parseDaemonArgs(['--config', file, '--listen', '127.0.0.1:7000'], '/elsewhere');
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.deepEqual(parsed.config.listen, ['127.0.0.1:7000']);
    assert.equal(parsed.config.root, path.join(dir, 'sandbox'));
    assert.equal(parsed.config.stateDir, path.join(dir, 'state'));
  });

  it('explains malformed addresses, unknown flags and unreadable config files', () => {
    assert.throws(() => parseDaemonArgs(['--listen', 'localhost']), (e: Error) => e instanceof UsageError && /is not host:port/.test(e.message));
    assert.throws(() => parseDaemonArgs(['--port', '1']), (e: Error) => e instanceof UsageError && /Unknown option '--port'/.test(e.message));
    assert.throws(
      () => parseDaemonArgs(['--config', path.join(dir, 'missing.json')]),
      (e: Error) => e instanceof UsageError && /cannot read config file .*missing\.json/.test(e.message),
    );
  });

  describe('the built daemon', () => {
    before(function () {
      assert.ok(fs.existsSync(DAEMON), `${DAEMON} is missing: run npm run build`);
    });

    it('serves on the address it prints and stops cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, [DAEMON, '--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0', '--root', dir, '--state-dir', path.join(dir, 'state')]);
      let out = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', () => reject(new Error(`daemon exited: ${out}`)));
      });
      const client = new AgentControlClient(address);
      const status = await client.getStatus({ timeoutMs: 5000 });
      assert.equal(status.daemon?.pid, child.pid);
      client.close();
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    });

    it('exits 1 saying which address is taken when it cannot listen', async () => {
      const blocker = net.createServer().listen(0, '127.0.0.1');
      await once(blocker, 'listening');
      const port = (blocker.address() as net.AddressInfo).port;
      const child = spawn(process.execPath, [DAEMON, '--listen', `127.0.0.1:${port}`, '--rest-listen', 'off', '--root', dir, '--state-dir', path.join(dir, 'state')]);
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const [code] = await once(child, 'exit');
      blocker.close();
      assert.equal(code, 1);
      assert.match(err, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}.*--listen`));
    });
  });
});
