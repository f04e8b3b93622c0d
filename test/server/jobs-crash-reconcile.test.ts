/**
 * A job cut short by a daemon killed with SIGKILL (a real child process,
 * dist/mobilityd.cjs: run `npm run build` first) is settled at the next start
 * from the host's files: SUCCEEDED only when the agent's files changed during
 * the job to what it asked for; a host that merely already showed that state
 * (registered with the same server, the same version installed) is no proof,
 * so the job is INTERRUPTED.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create } from '@bufbuild/protobuf';
import {
  AgentInfoSchema,
  AgentRole,
  JobKind,
  JobSchema,
  JobState,
  Platform,
  RegistrationState,
  StepKind,
  StepState,
  type Job,
} from '../../gen/mobility/v1/agent_control_pb';
import { reconcileJob } from '../../server/core/jobs/job-reconciler';
import { followLog, untilLine } from '../helpers/log-follower';
import { copySamplePackages, setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';
import type { DaemonProcess } from '../helpers/daemon-process';
import { useKillableDaemons } from '../helpers/killable-daemons';
import { makeScriptedPackage } from '../helpers/scripted-package';

const PASSPHRASE = 'Kx7-sample-CS-passphrase-4711';
const VX_VERSION = '/usr/local/.vx_version';

/** .vx_version as a real agent may write it: no INSTALL_TIME, so its age proves nothing. */
const REGISTERED_9_40 = [
  'VERSION=9.40.0.0',
  'INSTALLATION_DIR=/usr/local/ASR/Vx',
  'ROLE=MS',
  'PLATFORM=VmWare',
  'AGENT_CONFIGURATION_STATUS=Succeeded',
  'CS_IP=10.0.0.5',
  '',
].join('\n');

describe('finding 3: a job cut short by a crash is SUCCEEDED only if the host changed during it', function () {
  this.timeout(60_000);
  const { sandbox, start, repository } = useKillableDaemons();
  const vxVersion = () => fs.readFileSync(sandbox().path(VX_VERSION), 'utf8');
  /** mobilityd's records of what the host showed when a job started (one per job until its end is stored). */
  const hostRecords = () => fs.readdirSync(path.join(sandbox().stateDir, 'jobs')).filter((name) => name.endsWith('.host-before.json'));
  /** What the configurator writes at its end (registered with `cs`), as if it got there just before the daemon died. */
  const finishRegistration = (cs: string) => {
    const file = sandbox().path(VX_VERSION);
    fs.writeFileSync(`${file}.tmp`, vxVersion().replace(/^CS_IP=.*$/m, `CS_IP=${cs}`));
    fs.renameSync(`${file}.tmp`, file);
  };

  /** A daemon whose host has agent 9.40.0.0 installed and registered with 10.0.0.5, through real jobs. */
  async function registeredHost(): Promise<DaemonProcess> {
    await copySamplePackages(repository(), ['9.40.0.0']);
    setSamplePassphrase(sandbox().root, PASSPHRASE);
    const d = await start();
    const finish = async (started: Job) => {
      let last = started;
      for await (const change of d.client.watchJob(started.id)) last = change.job!;
      assert.equal(last.state, JobState.SUCCEEDED, last.message);
    };
    await finish(await d.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE }));
    await finish(await d.client.register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } }));
    assert.deepEqual(hostRecords(), [], 'a job that ended keeps no record of the host');
    return d;
  }

  /** Starts a slow Register, waits until its configurator is connecting, then SIGKILLs the daemon. */
  async function killDuringRegister(d: DaemonProcess, csEndpoint: string, passphrase: string): Promise<string> {
    setSampleFaults(sandbox().root, ['slow']);
    const tail = await followLog(d.client, 'configurator');
    const job = await d.client.register({ registration: { csEndpoint, passphraseSource: { case: 'passphrase', value: passphrase } } });
    await untilLine(tail, `Connecting to configuration server ${csEndpoint} ... `);
    assert.equal((await d.client.getJob(job!.id)).state, JobState.RUNNING);
    await d.kill('SIGKILL');
    setSampleFaults(sandbox().root, []);
    return job!.id;
  }

  it('finding 3: a Register with a wrong passphrase killed mid-way, on a host already registered with that server, is INTERRUPTED', async () => {
    const d = await registeredHost();
    const before = vxVersion();
    const id = await killDuringRegister(d, '10.0.0.5', 'not-the-passphrase');

    const job = await (await start()).client.getJob(id);
    assert.equal(job.state, JobState.INTERRUPTED, `${JobState[job.state]}: ${job.message}`);
    assert.equal(
      job.message,
      'mobilityd stopped while this job ran, and the host does not show its result: it shows agent 9.40.0.0 installed, ' +
        'registered with 10.0.0.5, as it did when the job started (/usr/local/.vx_version did not change); run the job again',
    );
    assert.deepEqual(job.steps.map((s) => StepState[s.state]), ['CANCELLED']);
    assert.equal(vxVersion(), before, '.vx_version is unchanged');
    assert.deepEqual(hostRecords(), [], 'the record is removed once the job is settled');
  });

  it('finding 3: a Register whose configurator finished as the daemon died is SUCCEEDED (the host changed to the request)', async () => {
    const d = await registeredHost();
    const id = await killDuringRegister(d, '10.0.0.6', PASSPHRASE);
    assert.deepEqual(hostRecords(), [`${id}.host-before.json`], 'the running job recorded the host before its configurator ran');
    finishRegistration('10.0.0.6');

    const job = await (await start()).client.getJob(id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal(job.message, 'reconciled after a restart of mobilityd: the host shows registered with configuration server 10.0.0.6');
  });

  it('finding 3: without the record of the host at the start, a job is INTERRUPTED even when the host shows its result', async () => {
    const d = await registeredHost();
    const id = await killDuringRegister(d, '10.0.0.6', PASSPHRASE);
    finishRegistration('10.0.0.6');
    for (const name of hostRecords()) fs.rmSync(path.join(sandbox().stateDir, 'jobs', name));

    const job = await (await start()).client.getJob(id);
    assert.equal(job.state, JobState.INTERRUPTED, job.message);
    assert.equal(
      job.message,
      'mobilityd stopped while this job ran, and there is no record of what the host showed when the job started, so mobilityd cannot ' +
        'tell whether the job did what the host shows (agent 9.40.0.0 installed, registered with 10.0.0.6); run the job again',
    );
  });

  /** The host shows agent 9.40.0.0 (registered with 10.0.0.5); an install of the same version is killed while its installer runs. */
  async function killDuringReinstall(): Promise<string> {
    sandbox().write(VX_VERSION, REGISTERED_9_40);
    const script = ['echo "Running prerequisite checks"', 'while :; do echo "still checking"; sleep 0.1; done'].join('\n');
    const packageName = makeScriptedPackage(repository(), '9.40.0.0', script);
    const d = await start();
    const tail = await followLog(d.client, 'installer');
    const job = await d.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, packageName });
    await untilLine(tail, 'still checking');
    assert.equal((await d.client.getJob(job!.id)).state, JobState.RUNNING);
    await d.kill('SIGKILL');
    return job!.id;
  }

  it('finding 3: an install of the installed version killed mid-way is INTERRUPTED, not SUCCEEDED', async () => {
    const id = await killDuringReinstall();

    const job = await (await start()).client.getJob(id);
    assert.equal(job.state, JobState.INTERRUPTED, `${JobState[job.state]}: ${job.message}`);
    assert.match(job.message, /^mobilityd stopped while this job ran, and the host does not show its result: it shows agent 9\.40\.0\.0 installed, registered with 10\.0\.0\.5, as it did when the job started/);
    assert.equal(vxVersion(), REGISTERED_9_40);
  });

  it('finding 3: an install whose installer rewrote the agent files as the daemon died is SUCCEEDED', async () => {
    const id = await killDuringReinstall();
    fs.writeFileSync(sandbox().path(VX_VERSION), `${REGISTERED_9_40}INSTALL_TIME=${new Date().toISOString()}\n`);

    const job = await (await start()).client.getJob(id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal(job.message, 'reconciled after a restart of mobilityd: the host shows agent 9.40.0.0 installed');
    assert.equal(job.steps.find((s) => s.kind === StepKind.INSTALL_AGENT)?.state, StepState.SUCCEEDED);
  });
});

describe('finding 3: the reconciliation rule for an install that also registers', () => {
  const installAndRegister = (cs: string) =>
    create(JobSchema, {
      id: '0mx000000-00000000',
      kind: JobKind.INSTALL,
      state: JobState.RUNNING,
      request: { case: 'install', value: { packageName: 'Microsoft-ASR_UA_9.40.0.0_UBUNTU-20.04-64_GA_10Nov2020_release.tar.gz', registration: { csEndpoint: cs, passphraseSource: { case: 'passphrase', value: '' } } } },
      steps: [{ kind: StepKind.INSTALL_AGENT, state: StepState.SUCCEEDED }, { kind: StepKind.REGISTER, state: StepState.RUNNING }],
    });
  const now = create(AgentInfoSchema, { installed: true, version: '9.40.0.0', registration: RegistrationState.REGISTERED, csEndpoint: '10.0.0.5' });
  const fingerprint = { source: VX_VERSION, present: true, sha256: 'a'.repeat(64), identity: '1/2/3' };

  it('finding 3: upgraded, but registered with that server already before the job: INTERRUPTED (the registration may never have run)', () => {
    const job = installAndRegister('10.0.0.5');
    reconcileJob(job, now, { before: { fingerprint, installed: true, version: '9.30.0.0', registeredWith: '10.0.0.5' }, changed: true });
    assert.equal(job.state, JobState.INTERRUPTED);
    assert.match(job.message, /the host does not show that it registered: the agent was registered with 10\.0\.0\.5 already when the job started/);
  });

  it('finding 3: upgraded and newly registered with the job’s server: SUCCEEDED', () => {
    const job = installAndRegister('10.0.0.5');
    reconcileJob(job, now, { before: { fingerprint, installed: true, version: '9.30.0.0', registeredWith: '10.0.0.4' }, changed: true });
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal(job.message, 'reconciled after a restart of mobilityd: the host shows agent 9.40.0.0 installed and registered with configuration server 10.0.0.5');
  });
});
