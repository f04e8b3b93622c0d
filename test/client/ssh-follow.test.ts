/**
 * Following a log over ssh:// while the SSH server goes away and comes back on
 * the same port: the loss is reported as the host unreachable (in ssh's
 * words), a new ssh is run when the client asks again, and the follower
 * resumes at its offset with no line lost and none repeated.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { AgentControlClient } from '../../client/agent-control-client';
import { ClientError } from '../../client/errors/client-error';
import { EXTENSION_CHANNEL_OPTIONS } from '../../extension/src/model/client-pool';
import { LogFollower } from '../../extension/src/model/log-follower';
import { CollectedLogSink } from '../helpers/collected-log-sink';
import { FAST_BACKOFF } from '../helpers/extension-follower';
import { linesOf } from '../helpers/log-lines';
import { startSshMobilityd } from '../helpers/ssh-mobilityd';
import { useStarted } from '../helpers/use-started';

const append = (file: string, lines: string[]) => fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));

describe('client over ssh:// when the SSH server stops and starts again', function () {
  this.timeout(90_000);
  const host = useStarted('mobilityd over ssh', startSshMobilityd);
  let closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers) close();
    closers = [];
  });

  it('a call while sshd is down fails as unreachable; the same client gets through once it is back', async () => {
    const h = host();
    const client = new AgentControlClient(h.address, EXTENSION_CHANNEL_OPTIONS, { ssh: h.ssh });
    closers.push(() => client.close());
    await client.getStatus();
    await h.sshd.pause();
    const err = await client.getStatus().then(
      () => assert.fail('GetStatus succeeded with sshd stopped'),
      (e: unknown) => e as ClientError,
    );
    assert.ok(err instanceof ClientError);
    assert.equal(err.reason, 'unreachable', err.message);
    // In ssh's own words, whichever the call met: a new ssh refused ("Connection refused"), the session sshd
    // just ended ("client_loop: send disconnect: Broken pipe"), a handshake cut short ("kex_exchange_identification: ...").
    assert.match(err.rawMessage, /^ssh: \S/);
    await h.sshd.resume();
    await client.waitForReady(30_000);
    assert.ok((await client.getStatus()).host?.hostname);
  });

  it('a log follower reports the host unreachable, then resumes with no gap and no duplicate', async () => {
    const h = host();
    const log = h.daemon.logPath('installer');
    append(log, linesOf(1, 5));
    const collected = new CollectedLogSink();
    let client: AgentControlClient | undefined;
    const follower = new LogFollower({
      log: 'installer',
      lastLines: 3,
      backoff: FAST_BACKOFF,
      sink: collected.sink,
      hostLabel: h.address,
      open: (request, reconnect) => {
        if (reconnect || !client) {
          client?.close();
          client = new AgentControlClient(h.address, EXTENSION_CHANNEL_OPTIONS, { ssh: h.ssh });
        }
        return client.tailLog(request);
      },
    });
    follower.start();
    closers.push(() => {
      follower.stop();
      client?.close();
    });
    await collected.untilText(linesOf(5, 5)[0]);
    append(log, linesOf(6, 8));
    await collected.untilText(linesOf(8, 8)[0]);

    await h.sshd.pause();
    await collected.untilNote(/connection lost/);
    const lost = collected.notes.find((n) => /connection lost/.test(n.text))!;
    assert.match(lost.text, new RegExp(`connection lost to ${h.address.replace(/[.]/g, '\\.')} \\(ssh: `), lost.text);
    append(log, linesOf(9, 12)); // written while the host cannot be reached
    await h.sshd.resume();
    append(log, linesOf(13, 15));
    await collected.untilText(linesOf(15, 15)[0]);

    assert.deepEqual(collected.texts, linesOf(3, 15));
    assert.equal(follower.reconnects, 1, 'it reconnected once, after the one loss');
    assert.ok(!follower.isStopped, 'it keeps following');
  });
});
