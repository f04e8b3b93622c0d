/**
 * mobilityd on Unix sockets (--listen unix:///PATH, --rest-listen unix:///PATH):
 * gRPC and REST served on socket files in a temporary folder, mode 0660 in the
 * configured group, a crashed daemon's socket taken over, a live one or a
 * regular file refused, the files gone after shutdown. Real sockets, real files.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import { defaultConfig, type DaemonConfig } from '../../server/core/config/daemon-config';
import { startDaemon, type Daemon } from '../../server/daemon/daemon';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';
import { REPO_ROOT } from '../helpers/repo-root';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { runDaemonSource } from '../helpers/run-daemon-source';

const MAIN = path.join(REPO_ROOT, 'server', 'daemon', 'main.ts');

/** GET over the socket as node's http sends it with socketPath: Host: localhost unless told otherwise. */
function getOverSocket(socketPath: string, urlPath: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => (body += text));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
  });
}

/** A socket file whose process died without removing it, as a crashed daemon leaves it. */
function leaveStaleSocket(socketPath: string): void {
  const script = `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`;
  const result = spawnSync(process.execPath, ['-e', script]);
  assert.equal(result.signal, 'SIGKILL', result.stderr.toString());
  assert.ok(fs.lstatSync(socketPath).isSocket());
}

const primaryGroup = () => execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();

describe('mobilityd on Unix sockets', () => {
  let sandbox: Sandbox;
  let socketDir: string;
  let grpcSocket: string;
  let restSocket: string;
  let daemon: Daemon | undefined;

  const config = (overrides: Partial<DaemonConfig> = {}): DaemonConfig => ({
    ...defaultConfig(),
    listen: [`unix://${grpcSocket}`],
    restListen: [`unix://${restSocket}`],
    root: sandbox.root,
    stateDir: sandbox.stateDir,
    platform: 'linux',
    ...overrides,
  });

  beforeEach(() => {
    sandbox = makeSandbox();
    socketDir = path.join(sandbox.dir, 'run', 'mobilityd'); // missing: mobilityd creates it
    grpcSocket = path.join(socketDir, 'mobilityd.sock');
    restSocket = path.join(socketDir, 'mobilityd-rest.sock');
  });
  afterEach(async () => {
    await daemon?.close();
    daemon = undefined;
    sandbox.remove();
  });

  it('serves gRPC and REST on socket files of mode 0660 in the --socket-group group, in a folder it creates as 0755', async () => {
    const group = primaryGroup();
    daemon = await startDaemon(config({ socketGroup: group, listen: [`unix://${grpcSocket}`, '127.0.0.1:0'] }));
    const gid = Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);
    for (const socketPath of [grpcSocket, restSocket]) {
      const stat = fs.statSync(socketPath);
      assert.ok(stat.isSocket(), `${socketPath} is a socket`);
      assert.equal((stat.mode & 0o7777).toString(8), '660');
      assert.equal(stat.gid, gid);
    }
    assert.equal((fs.statSync(socketDir).mode & 0o7777).toString(8), '755');

    const client = new AgentControlClient(`unix://${grpcSocket}`);
    try {
      const status = await client.getStatus();
      assert.deepEqual(status.daemon?.listenAddresses, [`unix://${grpcSocket}`, daemon.addresses[1]]);
    } finally {
      client.close();
    }
    assert.deepEqual(daemon.restAddresses, [`unix://${restSocket}`]);
    const health = await getOverSocket(restSocket, '/healthz');
    assert.equal(health.status, 200, health.body);
    const status = await getOverSocket(restSocket, '/v1/status');
    assert.equal(status.status, 200, status.body);
    assert.deepEqual(JSON.parse(status.body).daemon.listenAddresses, [`unix://${grpcSocket}`, daemon.addresses[1]]);
  });

  it('answers curl --unix-socket, which sends Host: localhost', async () => {
    daemon = await startDaemon(config());
    // Not spawnSync: the daemon answering is in this process, and must keep running.
    const curl = spawn('curl', ['--silent', '--show-error', '--unix-socket', restSocket, 'http://localhost/healthz'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    curl.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const outcome = await new Promise<number | 'no curl'>((resolve, reject) => {
      curl.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve('no curl') : reject(err)));
      curl.once('close', (code) => resolve(code ?? -1));
    });
    if (outcome === 'no curl') {
      // No curl on this machine: the same request as curl makes it, from node.
      const health = await getOverSocket(restSocket, '/healthz', 'localhost');
      assert.equal(health.status, 200, health.body);
      return;
    }
    assert.equal(outcome, 0);
    assert.equal(JSON.parse(stdout).status, 'SERVING');
  });

  it('over the socket accepts Host localhost and refuses other names; over TCP a bare localhost stays refused', async () => {
    daemon = await startDaemon(config({ restListen: [`unix://${restSocket}`, '127.0.0.1:0'] }));
    assert.equal((await getOverSocket(restSocket, '/healthz', 'localhost:8080')).status, 200);
    const other = await getOverSocket(restSocket, '/healthz', 'attacker.example');
    assert.equal(other.status, 421, other.body);
    assert.match(JSON.parse(other.body).message, /accepted: localhost \(over the Unix socket, any port or none\)/);

    const [host, port] = [daemon.restAddresses[1].split(':')[0], Number(daemon.restAddresses[1].split(':')[1])];
    const overTcp = await new Promise<number>((resolve, reject) => {
      http.get({ host, port, path: '/healthz', headers: { host: 'localhost' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).once('error', reject);
    });
    assert.equal(overTcp, 421);
  });

  it('removes a socket file a crashed daemon left (nothing answers on it) and listens there', async () => {
    fs.mkdirSync(socketDir, { recursive: true });
    leaveStaleSocket(grpcSocket);
    daemon = await startDaemon(config({ restListen: [] }));
    const client = new AgentControlClient(`unix://${grpcSocket}`);
    try {
      assert.equal((await client.checkHealth('')).status, 1); // SERVING
    } finally {
      client.close();
    }
  });

  it('exits 1 with "in use" when a program answers on the socket, and leaves its socket alone', async () => {
    fs.mkdirSync(socketDir, { recursive: true });
    const holder = net.createServer();
    holder.listen(grpcSocket);
    await once(holder, 'listening');
    try {
      const result = await runDaemonSource(['--listen', `unix://${grpcSocket}`, '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir]);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        `mobilityd: cannot listen on unix://${grpcSocket} (gRPC): the address is already in use: a program answers on ${grpcSocket} ` +
          '(another mobilityd?); stop it or choose another path with --listen\n',
      );
      assert.ok(fs.lstatSync(grpcSocket).isSocket());
    } finally {
      holder.close();
      await once(holder, 'close');
    }
  });

  it('refuses a path that is a regular file and leaves the file as it was', async () => {
    fs.mkdirSync(socketDir, { recursive: true });
    fs.writeFileSync(restSocket, 'not a socket\n');
    await assert.rejects(startDaemon(config()), {
      message:
        `cannot listen on unix://${restSocket} (REST): ${restSocket} exists and is not a socket; mobilityd does not remove it. ` +
        'Move it away or choose another path with --rest-listen',
    });
    assert.equal(fs.readFileSync(restSocket, 'utf8'), 'not a socket\n');
    assert.equal(fs.existsSync(grpcSocket), false, 'the gRPC socket bound before is removed again');
  });

  it('removes both socket files on a clean shutdown', async () => {
    daemon = await startDaemon(config());
    assert.ok(fs.existsSync(grpcSocket) && fs.existsSync(restSocket));
    await daemon.close();
    daemon = undefined;
    assert.equal(fs.existsSync(grpcSocket), false);
    assert.equal(fs.existsSync(restSocket), false);
  });

  it('removes the socket file when stopped by SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--listen', `unix://${grpcSocket}`, '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const closed = once(child, 'close');
    // A listener rather than for await: leaving the loop would destroy the pipe, and the daemon's
    // "shutting down" line would then fail with EPIPE.
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('listening on')) resolve();
      });
      void closed.then(() => resolve()); // exited without listening: the match below says what it printed
    });
    assert.match(stdout, new RegExp(`listening on unix://${grpcSocket} \\(gRPC\\)`));
    assert.ok(fs.lstatSync(grpcSocket).isSocket());
    child.kill('SIGTERM');
    const [code] = await closed;
    assert.equal(code, 0);
    assert.equal(fs.existsSync(grpcSocket), false);
  });

  it('refuses an unknown --socket-group before it listens, naming the group', async () => {
    await assert.rejects(startDaemon(config({ socketGroup: 'no-such-group-mobility' })), {
      message:
        'socket group "no-such-group-mobility" is not a group of this machine (getent group no-such-group-mobility finds nothing); ' +
        'create it (groupadd NAME) or name an existing group with --socket-group (config key socketGroup)',
    });
    assert.equal(fs.existsSync(socketDir), false);
  });
});

describe('mobilityd unix:// options', () => {
  const usage = (args: string[]) => {
    try {
      parseDaemonArgs(args, '/tmp');
    } catch (err) {
      assert.ok(err instanceof UsageError, String(err));
      return err.message;
    }
    assert.fail(`${args.join(' ')} was accepted`);
  };

  it('accepts unix:// and an absolute path for --listen, --rest-listen and the config file, with --socket-group', () => {
    const parsed = parseDaemonArgs(['--listen', 'unix:///run/mobilityd/mobilityd.sock', '--rest-listen', 'unix:///run/mobilityd/rest.sock', '--socket-group', 'adm']);
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.deepEqual(parsed.config.listen, ['unix:///run/mobilityd/mobilityd.sock']);
    assert.deepEqual(parsed.config.restListen, ['unix:///run/mobilityd/rest.sock']);
    assert.equal(parsed.config.socketGroup, 'adm');

    const sandbox = makeSandbox();
    try {
      const file = path.join(sandbox.dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ listen: 'unix:///run/m.sock', restListen: ['unix:///run/r.sock'], socketGroup: 'adm' }));
      const fromFile = parseDaemonArgs(['--config', file]);
      assert.ok(fromFile.kind === 'run');
      assert.deepEqual([fromFile.config.listen, fromFile.config.restListen, fromFile.config.socketGroup], [['unix:///run/m.sock'], ['unix:///run/r.sock'], 'adm']);
    } finally {
      sandbox.remove();
    }
  });

  it('refuses unix://relative, unix:relative and a path ending in "/" with how to write it', () => {
    for (const address of ['unix://relative.sock', 'unix:relative.sock', 'unix:///run/mobilityd/']) {
      assert.equal(
        usage(['--listen', address]),
        `listen address "${address}" is not a Unix socket address: write unix:// followed by the socket's absolute path ` +
          '(three slashes, at most 107 bytes, no trailing "/"), e.g. unix:///run/mobilityd/mobilityd.sock',
      );
    }
    const hostNamedUnix = parseDaemonArgs(['--listen', 'unix:50051']);
    assert.ok(hostNamedUnix.kind === 'run' && hostNamedUnix.config.listen[0] === 'unix:50051', 'a host named unix with a port is still host:port');
    assert.match(usage(['--rest-listen', 'unix://rest.sock']), /^REST listen address "unix:\/\/rest\.sock" is not a Unix socket address: /);
  });

  it('refuses the same socket for two listeners, and --socket-group without a unix:// listener', () => {
    assert.equal(
      usage(['--listen', 'unix:///run/m.sock', '--rest-listen', 'unix:///run/m.sock']),
      'the same unix:// socket is given twice; give each listener (gRPC and REST) its own socket file',
    );
    assert.match(usage(['--socket-group', 'adm']), /^--socket-group \(socketGroup\) sets the group of unix:\/\/ sockets, and no --listen or --rest-listen address is one/);
    assert.match(usage(['--listen', 'unix:///run/m.sock', '--socket-group', 'a b']), /^socket group "a b" is not a group name or gid/);
  });

  it('mobilityd exits 2 on unix://relative', async () => {
    const result = await runDaemonSource(['--listen', 'unix://mobilityd.sock']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^mobilityd: listen address "unix:\/\/mobilityd\.sock" is not a Unix socket address: /);
  });
});
