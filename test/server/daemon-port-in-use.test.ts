/**
 * mobilityd started on a gRPC port that another program holds: one friendly
 * line on stderr and exit 1, no grpc-js log line before it.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT } from '../helpers/repo-root';

const MAIN = path.join(REPO_ROOT, 'server', 'daemon', 'main.ts');

function runDaemon(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  // grpc-js's own verbosity switches must not decide what the user sees here.
  delete env.GRPC_VERBOSITY;
  delete env.GRPC_NODE_VERBOSITY;
  delete env.GRPC_TRACE;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('finding 16: mobilityd on a port that is in use', () => {
  let holder: net.Server;
  let sandbox: Sandbox;
  let port: number;

  beforeEach(async () => {
    sandbox = makeSandbox();
    holder = net.createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    port = (holder.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    holder.close();
    await once(holder, 'close');
    sandbox.remove();
  });

  it('finding 16: prints only the friendly message (no grpc-js line) and exits 1', async () => {
    const address = `127.0.0.1:${port}`;
    const result = await runDaemon(['--listen', address, '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir]);
    assert.equal(
      result.stderr,
      `mobilityd: cannot listen on ${address} (gRPC): the address is already in use; ` +
        'stop the program that listens there (another mobilityd?) or choose another address with --listen\n',
    );
    assert.equal(result.stdout, '');
    assert.equal(result.code, 1);
  });
});
