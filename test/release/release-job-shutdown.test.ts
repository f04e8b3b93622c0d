/**
 * What a package upgrade does to a running job: the post-install script
 * restarts the service, systemd sends the released mobilityd SIGTERM (the
 * unit's KillMode=mixed: to mobilityd alone), and the job must end
 * INTERRUPTED, never stay RUNNING, with no installer left behind. The
 * in-process side is test/server/jobs-cancel.test.ts; this is the single
 * executable under a real signal.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import { AgentRole, JobState, Platform, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { followLog, untilLine } from '../helpers/log-follower';
import { killProcessesOfRoot, processesOfRoot } from '../helpers/process-scan';
import { releaseArtifacts, RELEASE_BUILD_TIMEOUT_MS, type ReleaseArtifacts } from '../helpers/release-build';
import { startReleasedMobilityd, stopReleasedMobilityd } from '../helpers/released-mobilityd';
import { copySamplePackages, setSampleFaults } from '../helpers/sample-packages';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import type { SpawnedMobilityd } from '../helpers/spawn-mobilityd';

describe('release: SIGTERM to the released mobilityd with a running job', function () {
  this.timeout(60_000);
  let release: ReleaseArtifacts;
  let sandbox: Sandbox;
  const daemons: SpawnedMobilityd[] = [];
  const clients: AgentControlClient[] = [];
  before(async function () {
    this.timeout(RELEASE_BUILD_TIMEOUT_MS);
    release = await releaseArtifacts();
  });
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const daemon of daemons.splice(0)) await stopReleasedMobilityd(daemon);
    killProcessesOfRoot(sandbox.root);
    sandbox.remove();
  });

  async function start(): Promise<AgentControlClient> {
    const args = ['--listen', '127.0.0.1:0', '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir];
    const daemon = await startReleasedMobilityd(release.mobilityd, args, { PATH: '/usr/bin:/bin' });
    daemons.push(daemon);
    const client = new AgentControlClient(daemon.address);
    clients.push(client);
    return client;
  }

  it('records the job INTERRUPTED and leaves no installer running', async () => {
    await copySamplePackages(path.join(sandbox.stateDir, 'repository'), ['9.30.0.0']);
    setSampleFaults(sandbox.root, ['slow']);
    const first = await start();
    const tail = await followLog(first, 'installer');
    const job = await first.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE });
    await untilLine(tail, 'Running prerequisite checks ...');
    assert.ok(processesOfRoot(sandbox.root).length > 0, 'the installer runs');

    const daemon = daemons[0];
    daemon.child.kill('SIGTERM');
    assert.deepEqual(await daemon.exited, { code: 0, signal: null }, daemon.output());
    assert.deepEqual(processesOfRoot(sandbox.root), [], 'no installer process outlives the daemon');

    const second = await start();
    const after = await second.getJob(job!.id);
    assert.equal(after.state, JobState.INTERRUPTED);
    assert.match(after.message, /^mobilityd shut down while the installer ran and stopped its processes; run the job again$/);
    assert.ok(after.steps.every((s) => s.state !== StepState.RUNNING && s.state !== StepState.PENDING));
  });
});
