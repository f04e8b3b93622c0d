/**
 * The installer's lock (.install.lck in the agent's location): Install is
 * refused with FAILED_PRECONDITION and the lock's path while another run
 * holds it, and goes ahead, saying so, past a stale one. mobilityd only reads
 * the lock (docs/installer-contract.md, "The installer's lock").
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { PIDLESS_LOCK_FRESH_MS, readInstallerLock } from '../../server/core/install/installer-lock';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useJobDaemon } from '../helpers/job-daemon';
import { deadPid } from '../helpers/process-scan';

const LOCK = '/usr/local/ASR/.install.lck';
const HELD = /^another run of the agent installer is in progress: its lock file \/usr\/local\/ASR\/\.install\.lck is held \((.*)\); try again when it has finished, or, if you are sure no installer runs, delete that file$/;

describe('Install and the installer lock', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();

  it('refuses while a running process holds the lock, naming the file; no job starts and the lock is left alone', async () => {
    const d = daemon();
    d.sandbox.write(LOCK, `${process.pid}\n`);
    const err = await expectGrpcError(d.install(), status.FAILED_PRECONDITION, HELD);
    assert.match(err.rawMessage, new RegExp(`process ${process.pid}, named in it, is running`));
    assert.equal((await d.client.listJobs()).jobs.length, 0);
    assert.equal(fs.readFileSync(d.sandbox.path(LOCK), 'utf8'), `${process.pid}\n`);
  });

  it('goes ahead past a lock whose process is gone, and the job says it ignored a stale lock', async () => {
    const d = daemon();
    const pid = deadPid();
    d.sandbox.write(LOCK, `${pid}\n`);
    const job = await d.finish((await d.install()).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    const note = `ignored the stale installer lock ${LOCK} (process ${pid}, named in it, is not running)`;
    assert.ok(job.message.endsWith(`(${note}; the installer removes it)`), job.message);
    assert.match(fs.readFileSync(d.logPath('installer'), 'utf8'), new RegExp(`mobilityd: job ${job.id} ${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('an upgrade reads the lock in the installed location', async () => {
    const d = daemon();
    const first = await d.finish((await d.install({ installLocation: '/opt/asr' })).id);
    assert.equal(first.state, JobState.SUCCEEDED, first.message);
    d.sandbox.write('/opt/asr/.install.lck', `${process.pid}\n`);
    await expectGrpcError(d.install(), status.FAILED_PRECONDITION, /its lock file \/opt\/asr\/\.install\.lck is held/);
  });

  describe('a lock without a process id', () => {
    const config = () => daemon().daemon.config;

    it('is a run in progress while it is fresh: Install is refused', async () => {
      const d = daemon();
      d.sandbox.write(LOCK, '');
      const err = await expectGrpcError(d.install(), status.FAILED_PRECONDITION, HELD);
      assert.match(err.rawMessage, /it names no process and was written \d+ minute\(s\) ago/);
    });

    it('is stale once older than the limit', async () => {
      const d = daemon();
      const file = d.sandbox.write(LOCK, 'locked\n');
      const written = fs.statSync(file).mtimeMs;
      const fresh = await readInstallerLock(config(), '/usr/local/ASR', written + PIDLESS_LOCK_FRESH_MS - 1);
      const old = await readInstallerLock(config(), '/usr/local/ASR', written + PIDLESS_LOCK_FRESH_MS);
      assert.equal(fresh.state, 'held');
      assert.equal(old.state, 'stale');
      assert.deepEqual(await readInstallerLock(config(), '/nowhere'), { state: 'absent', path: '/nowhere/.install.lck' });
    });
  });
});
