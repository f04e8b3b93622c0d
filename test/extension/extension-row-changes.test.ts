/**
 * A refresh repaints only what changed: two answers of an idle host leave its
 * row alone (its tooltip stays open under the mouse), an agent installed
 * repaints the row, and a new job repaints the Jobs part. Snapshots are real
 * mobilityd answers.
 */
import { strict as assert } from 'node:assert';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { queryHost } from '../../extension/src/model/host-snapshot';
import { changedParts, renderHost } from '../../extension/src/model/row-changes';
import { type JobDaemon, useJobDaemon } from '../helpers/job-daemon';

const host = (t: JobDaemon): HostEntry => ({ name: 'web-01', address: t.address });
const rendered = async (t: JobDaemon) => renderHost(host(t), await queryHost(t.client, { timeoutMs: 3000, jobsLimit: 10 }));

describe('extension: which rows a refresh repaints', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();

  it('a host never shown is painted whole', async () => {
    assert.equal(changedParts(undefined, await rendered(daemon())), 'host');
  });

  it('an idle host asked again a minute later repaints only Status (when it was checked), not its row', async () => {
    const first = await queryHost(daemon().client, { timeoutMs: 3000, jobsLimit: 10 });
    const again = await queryHost(daemon().client, { timeoutMs: 3000, jobsLimit: 10 });
    const minuteLater = { ...again, observedAt: first.kind === 'ok' ? first.observedAt + 61_000 : 0 };
    const changed = changedParts(renderHost(host(daemon()), first), renderHost(host(daemon()), minuteLater));
    assert.deepEqual(changed, ['status'], 'the row (and the tooltip open under the mouse) is left alone');
  });

  it('an install repaints the host row; a change of settings (another address) does too', async () => {
    const before = await rendered(daemon());
    const job = await daemon().install();
    await daemon().watch(job.id).result();
    assert.equal(changedParts(before, await rendered(daemon())), 'host');
    const moved = renderHost({ name: 'web-01', address: '127.0.0.1:1' }, await queryHost(daemon().client, { timeoutMs: 3000, jobsLimit: 10 }));
    assert.equal(changedParts(await rendered(daemon()), moved), 'host');
  });
});
