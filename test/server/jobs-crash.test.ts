/**
 * A daemon killed with SIGKILL in the middle of an install (a real child
 * process, dist/mobilityd.cjs), then started again on the same state folder:
 * the job is never reported RUNNING again, and no installer process of the
 * dead daemon is left behind. Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { AgentRole, JobState, Platform, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { followLog, untilLine } from '../helpers/log-follower';
import { processesOfRoot } from '../helpers/process-scan';
import { copySamplePackages, setSampleFaults } from '../helpers/sample-packages';
import { useKillableDaemons } from '../helpers/killable-daemons';
import { makeScriptedPackage } from '../helpers/scripted-package';

describe('A daemon killed mid-install', function () {
  this.timeout(60_000);
  const { sandbox, start, repository } = useKillableDaemons();

  /** Starts an install on a fresh daemon, waits until its installer prints `progress`, then SIGKILLs the daemon. */
  async function killDuringInstall(packageName: string, progress: string): Promise<string> {
    const first = await start();
    const tail = await followLog(first.client, 'installer');
    const job = await first.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, packageName });
    await untilLine(tail, progress);
    assert.equal((await first.client.getJob(job!.id)).state, JobState.RUNNING);
    await first.kill('SIGKILL');
    return job!.id;
  }

  it('reports the job INTERRUPTED (or reconciled) after the restart, never RUNNING, and leaves no installer running', async () => {
    setSampleFaults(sandbox().root, ['slow']);
    const [name] = (await copySamplePackages(repository(), ['9.30.0.0'])).map((p) => path.basename(p));
    const id = await killDuringInstall(name, 'Running prerequisite checks ...');

    const second = await start();
    assert.deepEqual(processesOfRoot(sandbox().root), [], 'nothing of the dead daemon’s installer runs');
    const job = await second.client.getJob(id);
    assert.equal(job.state, JobState.INTERRUPTED, `the slow install was far from done, so not reconciled: ${JobState[job.state]}`);
    assert.match(job.message, /^mobilityd stopped while this job ran, and the host does not show its result \(the agent is not installed\); run the job again/);
    assert.ok(job.steps.every((s) => s.state !== StepState.RUNNING && s.state !== StepState.PENDING));
    assert.deepEqual((await second.client.listJobs()).jobs.map((j) => j.id), [id], 'the job survived the crash');

    setSampleFaults(sandbox().root, []);
    const next = await second.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE });
    let last = next!;
    for await (const change of second.client.watchJob(next!.id)) last = change.job!;
    assert.equal(last.state, JobState.SUCCEEDED, `the host is usable again: ${last.message}`);
  });

  it('ends an installer that outlived its daemon (it ignores SIGPIPE) before settling the job', async () => {
    const script = [
      "trap '' PIPE",
      'echo "Running prerequisite checks"',
      'while :; do echo "stubborn installer still running" 2>/dev/null; sleep 0.1; done',
    ].join('\n');
    const name = makeScriptedPackage(repository(), '9.70.0.0', script);
    const id = await killDuringInstall(name, 'stubborn installer still running');
    assert.ok(processesOfRoot(sandbox().root).length > 0, 'the orphaned installer still runs after the daemon died');

    const second = await start();
    assert.deepEqual(processesOfRoot(sandbox().root), [], 'the new daemon ended it');
    const job = await second.client.getJob(id);
    assert.equal(job.state, JobState.INTERRUPTED);
    assert.match(job.message, /; mobilityd ended the installer processes it found still running \(process group \d+\)$/);
  });
});
