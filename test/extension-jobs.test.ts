/**
 * Jobs as the extension tells them, against real mobilityd: the progress
 * messages per step ("Prerequisite check: running"), Cancel that really
 * cancels, the outcome with the exit code's meaning at the right severity,
 * Install on Several Hosts with a dead host among them, and the choices
 * Install offers.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { JobState, ListPackagesResponseSchema, StepKind, StepState } from '../gen/mobility/v1/agent_control_pb';
import { fleetMarkdown, fleetSummary, mapWithLimit, type HostResult } from '../extension/src/model/fleet';
import { hostErrorMessage } from '../extension/src/model/host-errors';
import { packageChoices, PUSH_LABEL } from '../extension/src/model/install-choices';
import { jobOutcome, jobOutcomeDetail, StepProgress } from '../extension/src/model/job-report';
import { watchJobToEnd } from '../extension/src/model/job-watch';
import { readPassphraseFile } from '../extension/src/model/passphrase';
import { startJobDaemon, type JobDaemon } from './helpers/job-daemon';
import { setSampleFaults } from './helpers/sample-packages';

describe('extension: jobs', function () {
  this.timeout(60_000);
  let t: JobDaemon;
  beforeEach(async () => {
    t = await startJobDaemon();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('reports each step as WatchJob reports it, then the outcome with the exit code\'s meaning', async () => {
    const started = await t.install();
    const progress = new StepProgress();
    const messages: string[] = [...progress.changes(started).map((c) => c.message)];
    const result = await watchJobToEnd(started.id, {
      client: () => t.client,
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
    setSampleFaults(t.sandbox.root, ['slow']);
    const started = await t.install();
    let cancelled = false;
    const result = await watchJobToEnd(started.id, {
      client: () => t.client,
      onJob: (job) => {
        const running = job.steps.find((s) => s.kind === StepKind.PREREQUISITE_CHECK)?.state === StepState.RUNNING;
        if (running && !cancelled) {
          cancelled = true;
          void t.client.cancelJob(job.id, { timeoutMs: 3000 });
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
    setSampleFaults(t.sandbox.root, ['prereq']);
    const failed = await t.finish((await t.install()).id);
    let outcome = jobOutcome('web-01', failed);
    assert.equal(outcome.severity, 'error');
    // The daemon's words already name the exit code and its meaning, so they are not repeated.
    assert.match(outcome.text, /failed: prerequisites not met: FreeDiskSpace, GrubDeviceNames \(installer exit 99, prerequisites not met\)/);
    assert.equal(outcome.text.match(/exit 99/g)?.length, 1);
    assert.match(jobOutcomeDetail(failed), /^job \S+ failed, prerequisites not met: .*exit 99/);

    setSampleFaults(t.sandbox.root, ['vss']);
    const warned = await t.finish((await t.install()).id);
    outcome = jobOutcome('web-01', warned);
    assert.equal(outcome.severity, 'warning');
    assert.ok(outcome.ok);
    assert.match(outcome.text, /succeeded with a warning .*\(install exited 98: success with warnings\)$/);
  });

  it('errors from a host are its own words with its name; an unreachable host says why', async () => {
    setSampleFaults(t.sandbox.root, ['slow']);
    const running = await t.install();
    let err: unknown;
    await t.client.install({ role: 1, platform: 1 }, { timeoutMs: 3000 }).catch((e) => (err = e));
    assert.match(hostErrorMessage('web-01', t.address, err, 3000), new RegExp(`^web-01: .*${running.id}`));
    await t.client.cancelJob(running.id);
    await t.finish(running.id);
    const refused = Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9'), {
      code: 14,
      details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:9',
    });
    assert.equal(hostErrorMessage('db-02', '127.0.0.1:9', refused, 3000), 'db-02: cannot reach mobilityd at 127.0.0.1:9: connection refused');
  });

  it('Install offers the host\'s packages, the default first, then pushing a local file', async () => {
    const choices = packageChoices(await t.client.listPackages());
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

describe('extension: several hosts, passphrase files', () => {
  it('runs at most N at once, keeps the hosts\' order, and starts nothing after a cancel', async () => {
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    const results = await mapWithLimit(
      ['a', 'b', 'c', 'd', 'e'],
      2,
      async (host) => {
        running += 1;
        most = Math.max(most, running);
        if (host === 'a') await gate; // a slow host holds one slot; the other slot goes on
        if (host === 'c') {
          controller.abort(); // Cancel while a still runs
          release();
        }
        running -= 1;
        return `${host}:done`;
      },
      (host) => `${host}:not started`,
      controller.signal,
    );
    assert.equal(most, 2);
    assert.deepEqual(results, ['a:done', 'b:done', 'c:done', 'd:not started', 'e:not started']);
  });

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

  it('reads a passphrase file: one trailing newline dropped; empty or huge files refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-passphrase-'));
    try {
      const file = path.join(dir, 'p');
      fs.writeFileSync(file, 'secret value\n');
      assert.equal(await readPassphraseFile(file), 'secret value');
      fs.writeFileSync(file, 'crlf\r\n');
      assert.equal(await readPassphraseFile(file), 'crlf');
      fs.writeFileSync(file, '\n');
      await assert.rejects(readPassphraseFile(file), /is empty/);
      fs.writeFileSync(file, 'x'.repeat(70_000));
      await assert.rejects(readPassphraseFile(file), /is one short line/);
      await assert.rejects(readPassphraseFile(path.join(dir, 'missing')), /no such file/);
      await assert.rejects(readPassphraseFile(dir), /not a regular file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
