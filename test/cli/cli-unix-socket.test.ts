/**
 * mobilityctl --host unix:///PATH (and in --hosts): the real bundled CLI
 * against a real mobilityd listening on a Unix socket in a temporary folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseHostAddress } from '../../client/connection/host-address';
import { addressProblem, normaliseAddress } from '../../extension/src/model/validators';
import { jsonOf, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { useTestDaemon } from '../helpers/test-daemon';

// Known before the daemon starts (its config names it); the daemon creates the folder.
const socketDir = path.join(os.tmpdir(), `mobility-cli-unix-${process.pid}`);
const socketPath = path.join(socketDir, 'mobilityd.sock');
const socketAddress = `unix://${socketPath}`;

describe('mobilityctl over a Unix socket (built CLI against a real mobilityd)', function () {
  requireBuiltCli();
  const daemon = useTestDaemon({ shared: true, config: { listen: [socketAddress, '127.0.0.1:0'], restListen: [] } });
  after(() => fs.rmSync(socketDir, { recursive: true, force: true }));

  it('status --host unix:///PATH prints the daemon, listening on the socket as given', async () => {
    const r = await runCli(['status', '--host', socketAddress]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`listening on\\s+${socketAddress.replace(/[.]/g, '\\.')}, 127\\.0\\.0\\.1:\\d+`));
  });

  it('health --host unix:///PATH prints SERVING', async () => {
    const r = await runCli(['health', '--host', socketAddress]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'SERVING\n');
  });

  it('--hosts takes a unix:///PATH next to host:port', async () => {
    const r = await runCli(['health', '--json', '--hosts', `${socketAddress},${daemon().daemon.addresses[1]}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      jsonOf<Array<{ host: string; ok: boolean }>>(r).map((item) => [item.host, item.ok]),
      [[socketAddress, true], [daemon().daemon.addresses[1], true]],
    );
  });

  it('a socket path with nothing there is "connection refused", exit 3', async () => {
    const missing = `unix://${path.join(socketDir, 'missing.sock')}`;
    const r = await runCli(['health', '--host', missing]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`^mobilityctl: cannot reach mobilityd at ${missing.replace(/[.]/g, '\\.')}: connection refused`));
  });

  it('--host unix://relative is a usage error that says how to write it', async () => {
    const r = await runCli(['health', '--host', 'unix://mobilityd.sock']);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /--host: host address "unix:\/\/mobilityd\.sock": the socket path must be absolute \(three slashes after "unix:"\); write a Unix socket as unix:\/\/ followed by its absolute path, e\.g\. unix:\/\/\/run\/mobilityd\/mobilityd\.sock/);
  });
});

describe('unix:///PATH host addresses in the client and the extension', () => {
  it('are kept as they are; anything else after unix: is refused with how to write it', () => {
    assert.equal(parseHostAddress('unix:///run/mobilityd/mobilityd.sock'), 'unix:///run/mobilityd/mobilityd.sock');
    assert.equal(normaliseAddress(' unix:///run/mobilityd/mobilityd.sock '), 'unix:///run/mobilityd/mobilityd.sock');
    assert.equal(addressProblem('unix:///run/mobilityd/mobilityd.sock'), undefined);
    assert.equal(parseHostAddress('unix:50051'), 'unix:50051', 'a host named unix with a port');
    assert.equal(
      addressProblem('unix:run/mobilityd.sock'),
      'Host address "unix:run/mobilityd.sock" is not a Unix socket address; write a Unix socket as unix:// followed by its absolute path, e.g. unix:///run/mobilityd/mobilityd.sock.',
    );
    assert.equal(
      addressProblem('unix:///run/'),
      'Host address "unix:///run/": "/run/" is not a socket file path (no spaces, "?", "#" or trailing "/"); write a Unix socket as unix:// followed by its absolute path, e.g. unix:///run/mobilityd/mobilityd.sock.',
    );
  });
});
