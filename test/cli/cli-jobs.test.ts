/**
 * mobilityctl install, job, jobs and cancel end to end, Ctrl-C while install
 * waits, and the commands' usage errors and help: the real bundled CLI
 * (dist/mobilityctl.cjs) as a child process against real mobilityd daemons in
 * this process running the SAMPLE installer packages. Synchronisation is by
 * events (the CLI's output, its exit, a WatchJob stream), never by sleeping.
 */
import * as assert from 'node:assert/strict';
import { JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { assertNoStackTrace, jsonOf, requireBuiltCli, runCli, RunningCli } from '../helpers/cli-runner';
import { closedPort } from '../helpers/closed-port';
import { useJobDaemon } from '../helpers/job-daemon';
import { jobUntil } from '../helpers/job-watcher';
import { SAMPLE_VERSIONS, setSampleFaults } from '../helpers/sample-packages';

const NEWEST = SAMPLE_VERSIONS[SAMPLE_VERSIONS.length - 1];
const ended = (job: Job) => job.state !== JobState.QUEUED && job.state !== JobState.RUNNING;

describe('mobilityctl packages and jobs (built CLI against real mobilityd daemons)', function () {
  requireBuiltCli();

  describe('install, job, jobs and cancel', () => {
    const daemon = useJobDaemon({ shared: true });

    it('install waits, prints one plain-ASCII line per step change and the outcome, and exits 0', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal(r.stderr, '');
      const id = /^install job (\S+) on /.exec(r.stdout)?.[1];
      assert.ok(id, r.stdout);
      assert.match(r.stdout, /^request id [0-9a-f-]{36} \(a retry with --request-id [0-9a-f-]{36} never starts a second job\)$/m);
      assert.match(r.stdout, /^\[ OK \] Copy package\s+succeeded\s+\((<0\.1|\d+\.\d)s\)/m);
      assert.match(r.stdout, /^\[ OK \] Prerequisite check\s+succeeded\s+\((<0\.1|\d+\.\d)s\)/m);
      assert.match(r.stdout, /^\[ OK \] Install agent\s+succeeded\s+\((<0\.1|\d+\.\d)s\)/m);
      assert.match(r.stdout, /^\[SKIP\] Install VSS provider\s+skipped/m);
      assert.match(r.stdout, new RegExp(`^install job ${id} succeeded`, 'm'));
      assert.match(r.stdout, /^ {2}exit status: install exited 0: success$/m);
      assert.match(r.stdout, new RegExp(`^  agent version: ${NEWEST.replace(/\./g, '\\.')}$`, 'm'));
      assert.doesNotMatch(r.stdout, /[✔✖▶⚠\x1b]/, 'no symbols or colour when stdout is not a terminal');
    });

    it('install --no-wait prints only the job id; job --watch then follows it to its end', async () => {
      const started = await runCli(['install', '--role', 'Agent', '--platform', 'vmware', '--no-wait', '--host', daemon().address]);
      assert.equal(started.code, 0, started.stderr);
      const id = started.stdout.trim();
      assert.match(started.stdout, /^\S+\n$/);
      assert.ok(started.stderr.includes(`follow it with \`mobilityctl job ${id} --watch --host ${daemon().address}\``), started.stderr);
      assert.match(started.stderr, /request id [0-9a-f-]{36}/);

      const watched = await runCli(['job', id, '--watch', '--host', daemon().address]);
      assert.equal(watched.code, 0, watched.stderr + watched.stdout);
      assert.ok(watched.stdout.startsWith(`install job ${id} on ${daemon().address}\n`), watched.stdout);
      assert.match(watched.stdout, /^\[ OK \] Install agent\s+succeeded/m);
      assert.match(watched.stdout, new RegExp(`^install job ${id} succeeded`, 'm'));

      const detail = await runCli(['job', id, '--host', daemon().address]);
      assert.equal(detail.code, 0, detail.stderr);
      assert.match(detail.stdout, new RegExp(`^  id\\s+${id}$`, 'm'));
      assert.match(detail.stdout, /^ {2}state\s+succeeded$/m);
      assert.match(detail.stdout, /^ {2}exit status\s+install exited 0: success$/m);
      assert.match(detail.stdout, /^ {2}role\s+MS \(Mobility service\)$/m);
      assert.match(detail.stdout, /^ {2}STEP\s+STATE\s+STARTED\s+TOOK\s+MESSAGE$/m);
      // Skipped when an earlier test of this daemon installed the same version already (nothing to check then).
      assert.match(detail.stdout, /^ {2}Prerequisite check\s+(succeeded|skipped)\s/m);

      const json = await runCli(['job', id, '--host', daemon().address, '--json']);
      assert.equal(jsonOf(json).job.state, 'JOB_STATE_SUCCEEDED');
      assert.equal(jsonOf(json).job.install.role, 'AGENT_ROLE_MOBILITY_SERVICE');
    });

    it('the same --request-id returns the same job instead of starting another', async () => {
      const requestId = 'cli-jobs-test-request-1';
      const first = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--request-id', requestId, '--no-wait', '--host', daemon().address]);
      assert.equal(first.code, 0, first.stderr);
      await jobUntil(daemon(), first.stdout.trim(), ended);
      const second = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--request-id', requestId, '--no-wait', '--host', daemon().address]);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
    });

    it('jobs lists the jobs newest first and prints the next page hint', async () => {
      const a = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', daemon().address]);
      await jobUntil(daemon(), a.stdout.trim(), ended);
      const b = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', daemon().address]);
      await jobUntil(daemon(), b.stdout.trim(), ended);
      const [older, newer] = [a.stdout.trim(), b.stdout.trim()];

      const r = await runCli(['jobs', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^ID\s+KIND\s+STATE\s+CREATED\s+DURATION\s+MESSAGE$/);
      assert.match(lines[1], new RegExp(`^${newer}\\s+install\\s+succeeded\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+(<0\\.1|\\d+\\.\\d)s\\s+\\S`));
      assert.ok(lines[2].startsWith(`${older} `), r.stdout);

      const page = await runCli(['jobs', '--limit', '1', '--host', daemon().address]);
      assert.equal(page.code, 0, page.stderr);
      assert.ok(page.stdout.split('\n')[1].startsWith(`${newer} `), page.stdout);
      const token = /^More jobs: mobilityctl jobs --page-token (\S+) --limit 1 --host \S+$/m.exec(page.stdout)?.[1];
      assert.ok(token, page.stdout);
      const next = await runCli(['jobs', '--limit', '1', '--page-token', token, '--host', daemon().address, '--json']);
      assert.equal(next.code, 0, next.stderr);
      assert.equal(jsonOf(next).jobs[0].id, older);
    });
  });

  describe('cancel and Ctrl-C (a slow install on a host without the agent)', () => {
    // A fresh host each time: the sample installer does nothing (quickly) when the same version is installed.
    const daemon = useJobDaemon();
    beforeEach(() => setSampleFaults(daemon().sandbox.root, ['slow']));

    it('cancel stops a slow install; the watching CLI reports it cancelled and exits 1', async () => {
      const started = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', daemon().address]);
      assert.equal(started.code, 0, started.stderr);
      const id = started.stdout.trim();
      const watcher = new RunningCli(['job', id, '--watch', '--host', daemon().address]);
      await watcher.waitForStdout((out) => /^\[ \.\. \] (Prerequisite check|Install agent)\s+running/m.test(out));

      const cancel = await runCli(['cancel', id, '--host', daemon().address]);
      assert.equal(cancel.code, 0, cancel.stderr);
      assert.match(cancel.stdout, new RegExp(`^install job ${id} (was cancelled|is running; cancelling it)`));

      const watched = await watcher.exited;
      assert.equal(watched.code, 1, watched.stderr + watched.stdout);
      assert.match(watched.stdout, /^\[STOP\] /m);
      assert.match(watched.stdout, new RegExp(`^install job ${id} was cancelled`, 'm'));
      assert.match(watched.stderr, new RegExp(`^mobilityctl: install job ${id} was cancelled`));

      const json = await runCli(['job', id, '--json', '--host', daemon().address]);
      assert.equal(jsonOf(json).job.state, 'JOB_STATE_CANCELLED');
    });

    it('Ctrl-C while install waits leaves the job running, says how to cancel it, and exits 130', async () => {
      const cli = new RunningCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
      await cli.waitForStdout((out) => /^\[ \.\. \] (Prerequisite check|Install agent)\s+running/m.test(out));
      const id = /^install job (\S+) on /.exec(cli.stdout)![1];
      cli.child.kill('SIGINT');
      const r = await cli.exited;
      assert.equal(r.code, 130, r.stderr);
      assert.ok(r.stderr.includes(`the job keeps running; cancel it with \`mobilityctl cancel ${id} --host ${daemon().address}\``), r.stderr);
      const job = await daemon().client.getJob(id);
      assert.equal(job?.state, JobState.RUNNING, 'the job was not cancelled');
      await daemon().client.cancelJob(id);
      await jobUntil(daemon(), id, ended);
    });
  });

  describe('usage', () => {
    it('a bad --role is a usage error (exit 2) naming the valid roles', async () => {
      const r = await runCli(['install', '--role', 'XX', '--platform', 'VmWare', '--host', `127.0.0.1:${await closedPort()}`]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mobilityctl: --role must be MS \(Mobility service, also spelled Agent\) or MT \(master target, also MasterTarget\), not "XX"/);
      assert.match(r.stderr, /Run `mobilityctl install --help` for usage\./);
      assertNoStackTrace(r);
    });

    it('a bad --platform or a missing --role is a usage error', async () => {
      const platform = await runCli(['install', '--role', 'MS', '--platform', 'hyperv']);
      assert.equal(platform.code, 2);
      assert.match(platform.stderr, /--platform must be VmWare .* or Azure/);
      const role = await runCli(['install', '--platform', 'Azure']);
      assert.equal(role.code, 2);
      assert.match(role.stderr, /install needs --role/);
    });

    it('--help lists the new commands and the exit codes; each command has examples', async () => {
      const r = await runCli(['--help']);
      assert.equal(r.code, 0);
      for (const name of ['packages', 'push', 'install', 'register', 'jobs', 'job', 'cancel']) {
        assert.match(r.stdout, new RegExp(`^  ${name}\\s{3,}\\S`, 'm'), `--help lacks ${name}`);
        const help = await runCli([name, '--help']);
        assert.equal(help.code, 0);
        assert.ok(help.stdout.startsWith(`Usage: mobilityctl ${name}`), help.stdout);
        assert.match(help.stdout, /\nExamples:\n {2}mobilityctl /);
      }
      assert.match(r.stdout, /^ {2}130 {2}interrupted/m);
    });
  });
});
