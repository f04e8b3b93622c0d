/**
 * Install jobs end to end: real gRPC, a real daemon, the sample installer
 * packages run for real under a sandbox root. Synchronisation is by the
 * WatchJob and TailLog streams, never by sleeping.
 */
import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainExit } from '../../contract/explanations';
import {
  AgentRole,
  JobKind,
  JobSchema,
  JobState,
  LogEventKind,
  Platform,
  StepKind,
  StepState,
  type Job,
} from '../../gen/mobility/v1/agent_control_pb';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';
import { samplePackage, setSampleFaults } from '../helpers/sample-packages';
import { makeScriptedPackage } from '../helpers/scripted-package';
import { TailCollector } from '../helpers/tail-collector';

const stepStates = (job: Job) => job.steps.map((s) => `${StepKind[s.kind]}=${StepState[s.state]}`);

describe('Install jobs', function () {
  this.timeout(60_000);

  const daemon = useJobDaemon();

  describe('a fresh install', () => {
    it('returns the job at once, installs the newest package, and GetStatus shows the agent', async () => {
      const started = await daemon().install({ role: AgentRole.MASTER_TARGET, platform: Platform.AZURE });
      assert.ok([JobState.QUEUED, JobState.RUNNING].includes(started.state), JobState[started.state]);
      assert.equal(started.kind, JobKind.INSTALL);
      const newest = await samplePackage('9.40.0.0');
      const job = await daemon().finish(started.id);
      assert.equal(job.state, JobState.SUCCEEDED, job.message);
      assert.deepEqual(stepStates(job), [
        'COPY_PACKAGE=SUCCEEDED',
        'PREREQUISITE_CHECK=SUCCEEDED',
        'INSTALL_AGENT=SUCCEEDED',
        'INSTALL_VSS_PROVIDER=SKIPPED',
      ]);
      assert.equal(job.request.case, 'install');
      const request = job.request.value as { installLocation: string; packageName: string };
      assert.equal(request.installLocation, '/usr/local/ASR', 'the job shows the host path, not the sandbox path');
      assert.equal(request.packageName, newest.name);
      assert.deepEqual({ code: job.exit?.code, meaning: job.exit?.meaning, program: job.exit?.program }, { code: 0, meaning: 'success', program: 'install' });
      assert.equal(job.agentVersion, '9.40.0.0');
      for (const step of job.steps.filter((s) => s.state === StepState.SUCCEEDED)) assert.ok(step.startTime && step.endTime);

      const agent = (await daemon().client.getStatus()).agent!;
      assert.equal(agent.installed, true);
      assert.equal(agent.version, '9.40.0.0');
      assert.equal(agent.role, AgentRole.MASTER_TARGET);
      assert.equal(agent.platform, Platform.AZURE);
      assert.equal(agent.installLocation, '/usr/local/ASR', 'GetStatus shows the host path');
      assert.ok(fs.existsSync(daemon().sandbox.path('/usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh')), 'the installer ran with -d resolved under the root');
    });

    it('stores the job as protobuf JSON in <state>/jobs and removes its work folder when it ends', async () => {
      const job = await daemon().finish((await daemon().install()).id);
      const file = path.join(daemon().sandbox.stateDir, 'jobs', `${job.id}.json`);
      const stored = fromJson(JobSchema, JSON.parse(fs.readFileSync(file, 'utf8')) as JsonValue);
      assert.deepEqual(toJson(JobSchema, stored), toJson(JobSchema, await daemon().client.getJob(job.id)));
      assert.equal(fs.existsSync(path.join(daemon().sandbox.stateDir, 'work', job.id)), false);
    });

    it('installs in the requested location and a named package', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const job = await daemon().finish((await daemon().install({ installLocation: '/opt/asr/', packageName: pkg.name })).id);
      assert.equal(job.state, JobState.SUCCEEDED, job.message);
      assert.equal((job.request.value as { installLocation: string }).installLocation, '/opt/asr');
      const agent = (await daemon().client.getStatus()).agent!;
      assert.equal(agent.version, '9.30.0.0');
      assert.equal(agent.installLocation, '/opt/asr');
      assert.ok(fs.existsSync(daemon().sandbox.path('/opt/asr/Vx/bin/UnifiedAgentConfigurator.sh')));
    });
  });

  describe('progress', () => {
    it('WatchJob streams every change in order, step by step, and ends with the job', async () => {
      const watcher = daemon().watch((await daemon().install()).id);
      const job = await watcher.result();
      assert.equal(job.state, JobState.SUCCEEDED);
      // The installer reports no progress while it runs (its steps are read from its files when it
      // ends), so PREREQUISITE_CHECK stands for its run and INSTALL_AGENT is settled at the end.
      const order = [StepKind.COPY_PACKAGE, StepKind.PREREQUISITE_CHECK];
      const rank = (s: StepState) => (s === StepState.PENDING ? 0 : s === StepState.RUNNING ? 1 : 2);
      const started: StepKind[] = [];
      let previous = watcher.snapshots[0];
      assert.ok([JobState.QUEUED, JobState.RUNNING].includes(previous.state));
      for (const snapshot of watcher.snapshots) {
        for (const step of snapshot.steps) {
          const before = stepOf(previous, step.kind)!;
          assert.ok(rank(step.state) >= rank(before.state), `${StepKind[step.kind]} went back from ${StepState[before.state]}`);
          if (step.state === StepState.RUNNING && !started.includes(step.kind)) started.push(step.kind);
        }
        previous = snapshot;
      }
      assert.deepEqual(started.filter((k) => order.includes(k)), order, 'each step was seen running, in order');
      assert.ok(watcher.snapshots.length >= 5, `one snapshot per change (${watcher.snapshots.length})`);
      assert.equal(watcher.snapshots.filter((s) => s.state === JobState.SUCCEEDED).length, 1, 'nothing after the end');
    });

    it('TailLog installer -f shows the installer output, timestamped, while the install runs', async () => {
      setSampleFaults(daemon().sandbox.root, ['slow=1']);
      const tail = new TailCollector(daemon().client.tailLog({ log: 'installer', follow: true }));
      await tail.until((c) => c.events.includes(LogEventKind.CAUGHT_UP) || c.events.includes(LogEventKind.WAITING), 'the tail to start');
      const { id } = await daemon().install();
      await tail.until((c) => c.lines.some((l) => /Running prerequisite checks \.\.\. \d+%/.test(l)), 'a progress line');
      assert.equal((await daemon().client.getJob(id)).state, JobState.RUNNING, 'the line arrived while the installer ran');
      const job = await daemon().finish(id);
      await tail.until((c) => c.lines.some((l) => l.includes('installed successfully')), 'the last line');
      tail.cancel();
      assert.equal(job.state, JobState.SUCCEEDED);
      const progress = tail.lines.find((l) => l.includes('Running prerequisite checks ...'))!;
      assert.match(progress, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, 'mobilityd stamps every line');
      assert.ok(tail.lines.some((l) => l.includes(`mobilityd: job ${id} runs ./install -d /usr/local/ASR -r MS -v VmWare -q`)));
    });
  });

  describe('upgrade and downgrade', () => {
    it('takes the upgrade path on an installed agent, passing only -v and -q', async () => {
      const old = await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.22.0.0')).name })).id);
      assert.equal(old.state, JobState.SUCCEEDED, old.message);
      const job = await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.30.0.0')).name })).id);
      assert.equal(job.state, JobState.SUCCEEDED, job.message);
      assert.match(job.message, /agent upgraded from 9\.22\.0\.0 to 9\.30\.0\.0 in \/usr\/local\/ASR/);
      const log = fs.readFileSync(daemon().logPath('installer'), 'utf8');
      assert.match(log, new RegExp(`mobilityd: job ${job.id} runs \\./install -v VmWare -q \\(`));
      const agentLog = fs.readFileSync(daemon().sandbox.path('/var/log/ua_install.log'), 'utf8');
      assert.match(agentLog, /Command line: \.\/install -v VmWare -q\n/, 'the installer itself saw only -v and -q');
      assert.equal((await daemon().client.getStatus()).agent?.version, '9.30.0.0');
    });

    it('refuses a package older than the installed agent before running anything', async () => {
      await daemon().finish((await daemon().install()).id); // 9.40.0.0
      const logSize = fs.statSync(daemon().logPath('installer')).size;
      const jobsBefore = (await daemon().client.listJobs()).jobs.length;
      await expectGrpcError(
        daemon().install({ packageName: (await samplePackage('9.22.0.0')).name }),
        status.FAILED_PRECONDITION,
        /^downgrade not supported: agent 9\.40\.0\.0 is installed and package .*9\.22\.0\.0.* is 9\.22\.0\.0/,
      );
      assert.equal((await daemon().client.listJobs()).jobs.length, jobsBefore, 'no job was created');
      assert.equal(fs.statSync(daemon().logPath('installer')).size, logSize, 'nothing ran');
    });

    it('refuses an upgrade that would change the role', async () => {
      await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.30.0.0')).name })).id);
      await expectGrpcError(daemon().install({ role: AgentRole.MASTER_TARGET }), status.FAILED_PRECONDITION, /installed as Mobility service \(MS\); an upgrade keeps the role/);
    });
  });

  describe('outcomes', () => {
    it('prerequisites not met: FAILED naming the checks from InstallerErrors.json, exit 99', async () => {
      setSampleFaults(daemon().sandbox.root, ['prereq']);
      const job = await daemon().finish((await daemon().install()).id);
      assert.equal(job.state, JobState.FAILED);
      const written = JSON.parse(fs.readFileSync(daemon().sandbox.path('/var/log/InstallerErrors.json'), 'utf8'));
      const named = (written.Errors as Array<{ ErrorName: string; Message: string }>).map((e) => `${e.ErrorName}: ${e.Message}`).join('; ');
      assert.match(named, /^FreeDiskSpace: .*; GrubDeviceNames: /, 'the sample installer wrote both entries');
      assert.equal(job.message, `prerequisites not met: ${named} (installer exit 99, prerequisites not met); fix them and install again`);
      assert.equal(stepOf(job, StepKind.PREREQUISITE_CHECK)?.state, StepState.FAILED);
      assert.equal(stepOf(job, StepKind.PREREQUISITE_CHECK)?.message, `prerequisites not met: ${named}`);
      assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.state, StepState.SKIPPED);
      assert.deepEqual([job.exit?.code, job.exit?.meaning], [99, 'prerequisites not met']);
      // What to do comes from the same catalog as `mobilityctl explain 99`.
      assert.equal(job.exit?.remedy, explainExit('install', 99).remedy);
      assert.match(job.exit?.remedy ?? '', /installer log .*fix it, then run the install again/);
      assert.equal((await daemon().client.getStatus()).agent?.installed, false);
    });

    // On Linux the VSS rule has no step of its own (the provider is Windows-only; the rule itself is
    // unit-tested on the Windows path in installer-outcome.test.ts): the job goes by the exit code
    // and names InstallerErrors.json's entry.
    it('sample VSS fault on agent 9.30 (Linux): WARNING from exit 98, naming the entry, the agent installed', async () => {
      setSampleFaults(daemon().sandbox.root, ['vss']);
      const job = await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.30.0.0')).name })).id);
      assert.equal(job.state, JobState.WARNING, job.message);
      assert.equal(stepOf(job, StepKind.INSTALL_VSS_PROVIDER)?.state, StepState.SKIPPED);
      assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.state, StepState.WARNING);
      assert.deepEqual([job.exit?.code, job.exit?.meaning], [98, 'success with warnings']);
      assert.match(job.message, /with warnings \(installer exit 98, success with warnings\): VssProvider: VSS provider installation failed with exit code 517/);
      assert.equal((await daemon().client.getStatus()).agent?.version, '9.30.0.0');
    });

    it('sample VSS fault on agent 9.22 (Linux): FAILED from exit 97, naming the entry', async () => {
      setSampleFaults(daemon().sandbox.root, ['vss']);
      const job = await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.22.0.0')).name })).id);
      assert.equal(job.state, JobState.FAILED, job.message);
      assert.equal(job.steps.filter((s) => s.state === StepState.FAILED).length, 1, stepStates(job).join());
      assert.match(job.message, /^the install failed: installer exit 97, failed with errors: VssProvider: .*agents 9\.22 and earlier cannot be installed without it/);
      assert.deepEqual([job.exit?.code, job.exit?.meaning], [97, 'failed with errors']);
      assert.equal((await daemon().client.getStatus()).agent?.installed, false);
    });

    for (const fault of ['errors', 'lock'] as const) {
      it(`installer fault "${fault}": FAILED, exit 97 failed with errors`, async () => {
        setSampleFaults(daemon().sandbox.root, [fault]);
        const job = await daemon().finish((await daemon().install()).id);
        assert.equal(job.state, JobState.FAILED);
        assert.deepEqual([job.exit?.code, job.exit?.meaning], [97, 'failed with errors']);
        const entry = fault === 'errors' ? 'AgentInstallation' : 'InstallerLock';
        assert.match(job.message, new RegExp(`^the install failed: installer exit 97, failed with errors: ${entry}: .*; see /var/log/ua_install\\.log$`));
        assert.equal(job.steps.filter((s) => s.state === StepState.FAILED).length, 1, stepStates(job).join());
      });
    }

    it('an upgrade that changes the platform: exit 11, upgrade not supported', async () => {
      await daemon().finish((await daemon().install({ packageName: (await samplePackage('9.22.0.0')).name })).id);
      const job = await daemon().finish((await daemon().install({ platform: Platform.AZURE })).id);
      assert.equal(job.state, JobState.FAILED);
      assert.deepEqual([job.exit?.code, job.exit?.meaning], [11, 'upgrade not supported']);
    });

    it('exit 98 without a VSS report: WARNING on INSTALL_AGENT (scripted package)', async () => {
      const name = makeScriptedPackage(daemon().daemon.packages.dir, '9.50.0.0', 'echo "All prerequisite checks passed"; exit 98');
      const job = await daemon().finish((await daemon().install({ packageName: name })).id);
      assert.equal(job.state, JobState.WARNING);
      assert.equal(stepOf(job, StepKind.INSTALL_AGENT)?.state, StepState.WARNING);
      assert.equal(stepOf(job, StepKind.INSTALL_VSS_PROVIDER)?.state, StepState.SKIPPED);
      assert.match(job.message, /with warnings \(installer exit 98, success with warnings\)/);
    });

    const scripted: Array<[string, string, number, RegExp]> = [
      ['9.51.0.0', 'echo "Invalid arguments: -x"; exit 96', 96, /^invalid arguments$/],
      ['9.52.0.0', 'echo "Downgrade not supported"; exit 15', 15, /^downgrade not supported$/],
      ['9.53.0.0', 'echo "All prerequisite checks passed"; exit 42', 42, /^failed with exit code 42 \(not a documented installer code\)$/],
      ['9.54.0.0', 'kill -KILL $$', 137, /^killed by SIGKILL \(forced to stop\)$/],
    ];
    for (const [version, script, code, meaning] of scripted) {
      it(`an installer that ends with ${code} (scripted package): FAILED, "${meaning.source}"`, async () => {
        if (fs.existsSync(daemon().sandbox.path('/usr/local/.vx_version'))) throw new Error('fresh sandbox expected');
        const name = makeScriptedPackage(daemon().daemon.packages.dir, version, script);
        const job = await daemon().finish((await daemon().install({ packageName: name })).id);
        assert.equal(job.state, JobState.FAILED);
        assert.equal(job.exit?.code, code);
        assert.match(job.exit!.meaning, meaning);
        assert.equal(job.steps.filter((s) => s.state === StepState.FAILED).length, 1, stepStates(job).join());
      });
    }
  });
});
