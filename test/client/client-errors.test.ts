/**
 * ClientError over real failures: a port where nothing listens, a listener
 * that never answers, a followed stream past its deadline, the daemon's own
 * refusals (with the request id of the refused Install), this side's cancel.
 * Real mobilityd on 127.0.0.1 port 0; no mocks.
 */
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { AgentControlClient } from '../../client/agent-control-client';
import { AddressError } from '../../client/connection/host-address';
import { ClientError } from '../../client/errors/client-error';
import { closedPort } from '../helpers/closed-port';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults } from '../helpers/sample-packages';
import { callFailure } from '../helpers/grpc-errors';

/** The ClientError a call (or a stream read to its end) fails with. */

/** A TCP listener that accepts connections and never says a word: a host that hangs. */
async function silentListener(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('client: ClientError from real failures', function () {
  this.timeout(30_000);

  it('a port where nothing listens: refused, unreachable, code unavailable, with the address', async () => {
    const client = new AgentControlClient(`127.0.0.1:${await closedPort()}`);
    try {
      const err = await callFailure(client.getStatus({ timeoutMs: 10_000 }));
      assert.equal(err.reason, 'refused');
      assert.equal(err.code, 'unavailable');
      assert.equal(err.rawMessage, 'connection refused');
      assert.equal(err.address, client.address);
      assert.equal(err.unreachable, true);
      assert.equal(err.message, '[unavailable] connection refused');
    } finally {
      client.close();
    }
  });

  it('no answer before the deadline: deadline, with the call\'s deadline in the message', async () => {
    const listener = await silentListener();
    const client = new AgentControlClient(`127.0.0.1:${listener.port}`);
    try {
      const err = await callFailure(client.getStatus({ timeoutMs: 300 }));
      assert.deepEqual([err.reason, err.code, err.rawMessage, err.unreachable], ['deadline', 'deadline_exceeded', 'no answer within 300 ms', true]);
    } finally {
      client.close();
      await listener.close();
    }
  });

  describe('with a daemon', () => {
    const daemon = useJobDaemon();

    it('a followed stream that outlives its deadline fails with deadline, like a unary call', async () => {
      const err = await callFailure(daemon().client.tailLog({ log: 'installer', follow: true }, { timeoutMs: 300 }));
      assert.deepEqual([err.reason, err.code, err.rawMessage], ['deadline', 'deadline_exceeded', 'no answer within 300 ms']);
    });

    it('the daemon\'s refusals: rejected, their code and message, the request id of a refused Install', async () => {
      const unknown = await callFailure(daemon().client.getJob('nope'));
      assert.deepEqual([unknown.reason, unknown.code, unknown.unreachable], ['rejected', 'not_found', false]);
      assert.match(unknown.rawMessage, /^there is no job "nope"/);
      assert.equal(unknown.message, `[not_found] ${unknown.rawMessage}`);
      assert.equal(unknown.requestId, undefined);

      setSampleFaults(daemon().sandbox.root, ['slow']);
      const running = await daemon().install();
      const busy = await callFailure(daemon().install({ requestId: 'retry-with-me' }));
      assert.deepEqual([busy.reason, busy.code, busy.requestId, busy.address], ['rejected', 'failed_precondition', 'retry-with-me', daemon().address]);
      assert.match(busy.rawMessage, new RegExp(`^another agent operation is running on this host: install job ${running.id};`));
      await daemon().client.cancelJob(running.id);
    });

    it('this side\'s cancel ends a stream with cancelled, not as a failure of the host', async () => {
      const stream = daemon().client.tailLog({ log: 'installer', follow: true });
      const err = await callFailure(
        (async function* () {
          for await (const message of stream) {
            stream.cancel();
            yield message;
          }
        })(),
      );
      assert.deepEqual([err.reason, err.code, err.unreachable], ['cancelled', 'cancelled', false]);
    });
  });

  it('from(): a ClientError as it is, a grpc-js status classified, anything else unexpected', () => {
    const given = new ClientError('x', { code: 'internal', reason: 'incomplete' });
    assert.equal(ClientError.from(given), given);
    const statuses: [object, string, string, string][] = [
      [{ code: 14, details: 'No connection established. Last error: getaddrinfo ENOTFOUND nowhere.invalid' }, 'unreachable', 'unavailable', 'the host name does not resolve'],
      [{ code: 4, details: 'Deadline exceeded after 1.001s' }, 'deadline', 'deadline_exceeded', 'no answer before the deadline'],
      [{ code: 5, details: '' }, 'rejected', 'not_found', 'NOT_FOUND'],
      [{ code: 1, details: 'Cancelled on client' }, 'cancelled', 'cancelled', 'Cancelled on client'],
      [{ code: 99, details: 'from the future' }, 'rejected', 'unknown', 'from the future'],
    ];
    for (const [status, reason, code, rawMessage] of statuses) {
      const err = ClientError.from(status);
      assert.deepEqual([err.reason, err.code, err.rawMessage], [reason, code, rawMessage], JSON.stringify(status));
      assert.equal(err.cause, status);
    }
    const odd = ClientError.from(new TypeError('boom'));
    assert.deepEqual([odd.reason, odd.code, odd.rawMessage], ['unexpected', 'unknown', 'boom']);
  });

  it('a malformed address is a ClientError (AddressError) before anything is sent', () => {
    assert.throws(
      () => new AgentControlClient('http://10.0.0.4'),
      (err: unknown) => err instanceof AddressError && err instanceof ClientError && err.reason === 'address' && err.code === 'invalid_argument' && /no scheme/.test(err.rawMessage),
    );
  });
});
