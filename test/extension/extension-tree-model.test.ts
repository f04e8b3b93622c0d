/**
 * What a host row shows, for every state, computed from real mobilityd
 * answers: a host without the agent, a running install, installed, a failed
 * register (wrong passphrase), registered, an install that ended with a
 * warning, and a stopped daemon. The first line of the tooltip (and so the
 * row's accessible name) is "<name> — <state words>".
 */
import { strict as assert } from 'node:assert';
import { AgentControlClient } from '../../client/agent-control-client';
import { JobState, StepKind, StepState } from '../../gen/mobility/v1/agent_control_pb';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { queryHost, type HostSnapshot } from '../../extension/src/model/host-snapshot';
import { hostState, STATE_WORDS } from '../../extension/src/model/host-state';
import { statusMarkdown } from '../../extension/src/model/status-document';
import { hostRow, jobRows, logRows, partRow, statusRows, stepRows, type RowModel } from '../../extension/src/model/tree-model';
import { type JobDaemon, useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';
import { startTestDaemon } from '../helpers/test-daemon';

const PASSPHRASE = 'Kx7-sample-CS-passphrase-4711';
const host = (t: JobDaemon): HostEntry => ({ name: 'web-01', address: t.address });
const snapshotOf = (t: JobDaemon) => queryHost(t.client, { timeoutMs: 3000, jobsLimit: 10 });
const firstLine = (row: RowModel) => row.tooltip!.plain.split('\n')[0];
const tooltipLine = (row: RowModel, label: string) => row.tooltip!.plain.split('\n').find((l) => l.startsWith(`${label}: `));

describe('extension: host rows from real hosts', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();
  beforeEach(() => {
    setSamplePassphrase(daemon().sandbox.root, PASSPHRASE);
  });

  it('no agent: an empty circle, "agent not installed", Install offered but not Register', async () => {
    const row = hostRow(host(daemon()), await snapshotOf(daemon()));
    assert.equal(row.label, 'web-01');
    assert.equal(firstLine(row), 'web-01 — agent not installed');
    assert.deepEqual(row.icon, { id: 'circle-outline' });
    assert.equal(row.description, 'agent not installed');
    assert.equal(row.contextValue, 'host.notInstalled');
    assert.equal(tooltipLine(row, 'OS'), 'OS: Ubuntu 20.04.6 LTS, installer tag UBUNTU-20.04-64');
    assert.match(tooltipLine(row, 'Support')!, /^Support: supported — /);
    assert.equal(tooltipLine(row, 'CS endpoint'), 'CS endpoint: none');
    assert.equal(tooltipLine(row, 'Last job'), 'Last job: none');
    assert.equal(row.tooltip!.markdown.split('\n')[0], '**web\\-01 — agent not installed**');
  });

  it('install running, then installed; then a wrong passphrase fails the register; then registered', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow=1']);
    const started = await daemon().install();
    const watcher = daemon().watch(started.id);
    await watcher.untilStep(StepKind.PREREQUISITE_CHECK, StepState.RUNNING);
    let row = hostRow(host(daemon()), await snapshotOf(daemon()));
    assert.equal(firstLine(row), 'web-01 — job running');
    assert.deepEqual(row.icon, { id: 'sync~spin' });
    assert.equal(row.contextValue, 'host.jobRunning');
    assert.equal(row.description, 'agent not installed · install: Prerequisite check');
    await watcher.result();
    setSampleFaults(daemon().sandbox.root, []);

    let snapshot = await snapshotOf(daemon());
    row = hostRow(host(daemon()), snapshot);
    assert.equal(firstLine(row), 'web-01 — agent installed');
    assert.deepEqual(row.icon, { id: 'pass' });
    assert.equal(row.description, 'agent 9.40.0.0 · MS');
    assert.equal(row.contextValue, 'host.installed');
    assert.equal(tooltipLine(row, 'Agent'), 'Agent: 9.40.0.0 · MS (Mobility service) · VmWare');
    assert.match(tooltipLine(row, 'Agent memory')!, /^Agent memory: \d+\.\d % of host memory/);
    assert.match(tooltipLine(row, 'Last job')!, new RegExp(`^Last job: install ${started.id} succeeded: .*\\(install exited 0: success\\)$`));

    // Jobs → steps, and Logs, under the host.
    const jobs = jobRows(host(daemon()), snapshot);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].label, 'install — succeeded');
    assert.equal(jobs[0].contextValue, 'job.ended');
    assert.deepEqual(jobs[0].icon, { id: 'pass', color: 'testing.iconPassed' });
    const job = snapshot.kind === 'ok' ? snapshot.jobs[0] : undefined;
    const steps = stepRows(host(daemon()), job!);
    assert.deepEqual(
      steps.map((s) => [s.label, s.description?.split(' · ')[0]]),
      [
        ['Copy package', 'succeeded'],
        ['Prerequisite check', 'succeeded'],
        ['Install agent', 'succeeded'],
        ['Install VSS provider', 'skipped'],
      ],
    );
    const logs = logRows(host(daemon()), snapshot);
    assert.deepEqual(logs.map((l) => [l.label, l.contextValue, l.command?.id]), [
      ['Installer log', 'log.installer', 'mobility.tailInstallerLog'],
      ['Configurator log', 'log.configurator', 'mobility.tailConfiguratorLog'],
    ]);
    assert.match(logs[0].description!, /KiB|B ·/);
    assert.deepEqual(partRow(host(daemon()), 'jobs', snapshot).description, '1 recent');
    const status = new Map(statusRows(host(daemon()), snapshot).map((r) => [r.label, r.description]));
    assert.equal(status.get('agent'), 'installed, version 9.40.0.0');
    assert.equal(status.get('installer OS tag'), 'UBUNTU-20.04-64');

    const wrong = await daemon().finish((await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'wrong' } } })).id);
    assert.equal(wrong.state, JobState.FAILED);
    row = hostRow(host(daemon()), await snapshotOf(daemon()));
    assert.equal(firstLine(row), 'web-01 — last job failed');
    assert.deepEqual(row.icon, { id: 'error', color: 'list.errorForeground' });
    assert.equal(row.contextValue, 'host.lastJobFailed.installed');
    assert.match(
      tooltipLine(row, 'Last job')!,
      new RegExp(`^Last job: register ${wrong.id} failed: .*exit 14, the configuration server rejected the passphrase$`),
    );

    await daemon().finish((await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } })).id);
    snapshot = await snapshotOf(daemon());
    row = hostRow(host(daemon()), snapshot);
    assert.equal(firstLine(row), 'web-01 — registered');
    assert.deepEqual(row.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.equal(row.contextValue, 'host.registered');
    assert.equal(tooltipLine(row, 'CS endpoint'), 'CS endpoint: 10.0.0.5');
    assert.equal(tooltipLine(row, 'Registration'), 'Registration: registered with configuration server 10.0.0.5');

    const doc = statusMarkdown(host(daemon()), snapshot);
    assert.match(doc, /^# web\\-01 — registered\n/);
    assert.match(doc, /\| CS endpoint \| 10\\\.0\\\.0\\\.5 \|/);
    assert.match(doc, /## Recent jobs/);
    assert.ok(!doc.includes(PASSPHRASE) && !doc.includes('wrong'), 'no passphrase anywhere');
  });

  it('an install that ended with a warning (VSS provider), and a daemon that stopped', async () => {
    setSampleFaults(daemon().sandbox.root, ['vss']);
    const job = await daemon().finish((await daemon().install()).id);
    assert.equal(job.state, JobState.WARNING);
    let row = hostRow(host(daemon()), await snapshotOf(daemon()));
    assert.equal(firstLine(row), 'web-01 — last job warning');
    assert.deepEqual(row.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(row.contextValue, 'host.lastJobWarning.installed');
    // The exit code's meaning, and what failed as the installer's own files name it.
    assert.match(tooltipLine(row, 'Last job')!, /\(installer exit 98, success with warnings\): VssProvider: VSS provider installation failed/);

    const stopped = await startTestDaemon();
    const address = stopped.address;
    await stopped.stop(); // its address is closed now
    const dead: HostEntry = { name: 'web-01', address };
    const client = new AgentControlClient(address);
    const snapshot = await queryHost(client, { timeoutMs: 2000, jobsLimit: 10 });
    client.close();
    row = hostRow(dead, snapshot);
    assert.equal(firstLine(row), 'web-01 — unreachable');
    assert.deepEqual(row.icon, { id: 'debug-disconnect', color: 'errorForeground' });
    assert.equal(row.description, 'connection refused');
    assert.equal(row.contextValue, 'host.unreachable');
  });

  it('every state has its words, and a host still being asked says so', () => {
    assert.deepEqual(Object.values(STATE_WORDS).slice(1), [
      'unreachable',
      'authentication failed',
      'certificate not trusted',
      'certificate changed',
      'connection settings problem',
      'agent not installed',
      'agent installed',
      'registered',
      'job running',
      'last job warning',
      'last job failed',
    ]);
    const loading: HostSnapshot = { kind: 'loading' };
    const row = hostRow({ name: 'db-02', address: '10.0.0.9:50051' }, loading);
    assert.equal(hostState(loading), 'checking');
    assert.equal(firstLine(row), 'db-02 — checking');
    assert.deepEqual(row.icon, { id: 'loading~spin' });
    assert.equal(row.description, 'checking…');
  });
});
