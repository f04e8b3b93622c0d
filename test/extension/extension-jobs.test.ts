/**
 * Jobs as the extension tells them, against real mobilityd: the progress
 * messages per step ("Prerequisite check: running"), Cancel that really
 * cancels, the outcome with the exit code's meaning at the right severity,
 * Install on Several Hosts with a dead host among them, and the choices
 * Install offers.
 */
import { strict as assert } from 'node:assert';
import { create } from '@bufbuild/protobuf';
import { fleetMarkdown, fleetSummary, type HostResult } from '../../extension/src/model/fleet';
import { hostErrorMessage } from '../../extension/src/model/host-errors';
import { packageChoices, PUSH_LABEL } from '../../extension/src/model/install-choices';
import { jobOutcome, jobOutcomeDetail, StepProgress } from '../../extension/src/model/job-report';
import { watchJobToEnd } from '../../extension/src/model/job-watch';
import { JobState, ListPackagesResponseSchema, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults } from '../helpers/sample-packages';

describe('extension: jobs', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();

  it('reports each step as WatchJob reports it, then the outcome with the exit code\'s meaning', async () => {
    const started = await daemon().install();
    const progress = new StepProgress();
    const messages: string[] = [...progress.changes(started).map((c) => c.message)];
    const result = await watchJobToEnd(started.id, {
      client: () => daemon().client,
      onJob: (job) => messages.push(...progress.changes(job).map((c) => c.message)),
      signal: new AbortController().signal,
    });
    assert.equal(result.stopped, false);
    const job = result.job!;
    assert.equal(job.state, JobState.SUCCEEDED);
    for (const expected of ['Copy package: running', 'Prerequisite check: running', 'Prerequisite check: succeeded', 'Install agent: succeeded', 'Install VSS provider: skipped']) {
      assert.ok(messages.includes(expected), `"${expected}" in ${JSON.stringify(messages)}`);
    }
    assert.equal(new Set(messages).size, messages.length, 'each change once');
    const outcome = jobOutcome('web-01', job);
    assert.equal(outcome.severity, 'info');
    assert.ok(outcome.ok);
    assert.match(outcome.text, new RegExp(`^web-01: install job ${job.id} succeeded: agent 9\\.40\\.0\\.0 installed .*\\(install exited 0: success\\)$`));
    assert.equal(jobOutcomeDetail(job), `job ${job.id} succeeded, agent 9.40.0.0`);
  });

  it('Cancel cancels the job on the host; the outcome is an error that says so', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const started = await daemon().install();
    let cancelled = false;
    const result = await watchJobToEnd(started.id, {
      client: () => daemon().client,
      onJob: (job) => {
        const running = job.steps.find((s) => s.kind === StepKind.PREREQUISITE_CHECK)?.state === StepState.RUNNING;
        if (running && !cancelled) {
          cancelled = true;
          void daemon().client.cancelJob(job.id, { timeoutMs: 3000 });
        }
      },
      signal: new AbortController().signal,
    });
    assert.equal(result.job!.state, JobState.CANCELLED);
    const outcome = jobOutcome('web-01', result.job!);
    assert.equal(outcome.severity, 'error');
    assert.match(outcome.text, /^web-01: install job \S+ was cancelled/);
  });

  it('a failed prerequisite check: an error naming exit 99 and its meaning; a warning for VSS on 9.23+', async () => {
    setSampleFaults(daemon().sandbox.root, ['prereq']);
    const failed = await daemon().finish((await daemon().install()).id);
    let outcome = jobOutcome('web-01', failed);
    assert.equal(outcome.severity, 'error');
    // The daemon's words already name the exit code and its meaning, so they are not repeated.
    assert.match(outcome.text, /failed: prerequisites not met: FreeDiskSpace: .*; GrubDeviceNames: .* \(installer exit 99, prerequisites not met\)/);
    assert.equal(outcome.text.match(/exit 99/g)?.length, 1);
    assert.match(jobOutcomeDetail(failed), /^job \S+ failed, prerequisites not met: .*exit 99/);

    setSampleFaults(daemon().sandbox.root, ['vss']);
    const warned = await daemon().finish((await daemon().install()).id);
    outcome = jobOutcome('web-01', warned);
    assert.equal(outcome.severity, 'warning');
    assert.ok(outcome.ok);
    // On Linux the daemon's words name exit 98 and InstallerErrors.json's entry; the code is not repeated.
    assert.match(outcome.text, /succeeded with a warning .*\(installer exit 98, success with warnings\): VssProvider: /);
    assert.equal(outcome.text.match(/exit(ed)? 98/g)?.length, 1);
  });

  it('errors from a host are its own words with its name; an unreachable host says why', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const running = await daemon().install();
    let err: unknown;
    await daemon().client.install({ role: 1, platform: 1 }, { timeoutMs: 3000 }).catch((e) => (err = e));
    assert.match(hostErrorMessage('web-01', daemon().address, err), new RegExp(`^web-01: .*${running.id}`));
    await daemon().client.cancelJob(running.id);
    await daemon().finish(running.id);
    const refused = Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9'), {
      code: 14,
      details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9',
    });
    assert.equal(hostErrorMessage('db-02', '127.0.0.1:9', refused), 'db-02: cannot reach mobilityd at 127.0.0.1:9: connection refused');
  });

  it('Install offers the host\'s packages, the default first, then pushing a local file', async () => {
    const choices = packageChoices(await daemon().client.listPackages());
    assert.equal(choices.length, 4);
    assert.match(choices[0].label, /^Microsoft-ASR_UA_9\.40\.0\.0_UBUNTU-20\.04-64_GA_.*_release\.tar\.gz$/);
    assert.equal(choices[0].detail, 'the newest package for this host (the default)');
    assert.equal(choices[3].label, PUSH_LABEL);
    assert.deepEqual(choices[3].value, { kind: 'push' });
    const empty = packageChoices(create(ListPackagesResponseSchema, { repositoryPath: '/var/lib/mobilityd/repository' }));
    assert.deepEqual(empty.map((c) => c.label), ['Push a local installer file…']);
    assert.match(empty[0].detail!, /repository \(\/var\/lib\/mobilityd\/repository\) is empty/);
  });
});

describe('extension: several hosts', () => {
  it('summarises results per host like mobilityctl --hosts', () => {
    const results: HostResult[] = [
      { host: 'web-01', result: 'ok', detail: 'job 1 succeeded, agent 9.40.0.0' },
      { host: 'web-02', result: 'unreachable', detail: 'connection refused' },
      { host: 'web-03', result: 'failed', detail: 'job 3 failed | exit 99' },
    ];
    assert.equal(fleetSummary(results), '1 of 3 hosts ok, 1 failed, 1 unreachable');
    const md = fleetMarkdown('Install Mobility Service on 3 hosts', results);
    assert.match(md, /\| web\\-02 \| unreachable \| connection refused \|/);
    assert.match(md, /job 3 failed \\\| exit 99/);
  });
});
