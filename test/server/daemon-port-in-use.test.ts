/**
 * mobilityd started on a gRPC port that another program holds: one friendly
 * line on stderr and exit 1, no grpc-js log line before it.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as net from 'node:net';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { runDaemonSource } from '../helpers/run-daemon-source';

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
    const result = await runDaemonSource(['--listen', address, '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir]);
    assert.equal(
      result.stderr,
      `mobilityd: cannot listen on ${address} (gRPC): the address is already in use; ` +
        'stop the program that listens there (another mobilityd?) or choose another address with --listen\n',
    );
    assert.equal(result.stdout, '');
    assert.equal(result.code, 1);
  });
});
