/**
 * mobilityctl's package and job commands end to end: the real bundled CLI
 * (dist/mobilityctl.cjs) as a child process, against real mobilityd daemons in
 * this process running the SAMPLE installer packages. Synchronisation is by
 * events (the CLI's output, its exit, a WatchJob stream), never by sleeping.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobState, type Job } from '../gen/mobility/v1/agent_control_pb';
import { copySamplePackages, samplePackage, setSampleFaults, setSamplePassphrase, SAMPLE_VERSIONS } from './helpers/sample-packages';
import { assertNoStackTrace, CLI_BUNDLE as BUNDLE, closedPort, RunningCli, runCli, type CliResult } from './helpers/cli-runner';
import { startTestDaemon, type TestDaemon } from './helpers/test-daemon';

const PASSPHRASE = 'secret-sample-passphrase-7f3a';
const NEWEST = SAMPLE_VERSIONS[SAMPLE_VERSIONS.length - 1];


/** A daemon whose repository holds the sample packages and whose sample configuration server knows PASSPHRASE. */
async function sampleDaemon(): Promise<TestDaemon> {
  const t = await startTestDaemon();
  await copySamplePackages(t.daemon.packages.dir);
  setSamplePassphrase(t.sandbox.root, PASSPHRASE);
  return t;
}

/** Follows a job with the daemon's own WatchJob stream until `condition` holds (or the job ends). */
async function jobUntil(t: TestDaemon, id: string, condition: (job: Job) => boolean): Promise<Job> {
  const stream = t.client.watchJob(id);
  try {
    for await (const { job } of stream) {
      if (job && condition(job)) return job;
    }
  } finally {
    stream.cancel();
  }
  throw new Error(`the watch of job ${id} ended before the condition held`);
}

const ended = (job: Job) => job.state !== JobState.QUEUED && job.state !== JobState.RUNNING;

function jsonOf<T = any>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

describe('mobilityctl packages and jobs (built CLI against real mobilityd daemons)', function () {
  before(() => {
    assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` before these tests`);
  });

  describe('packages', () => {
    let t: TestDaemon;
    before(async () => (t = await sampleDaemon()));
    after(async () => await t?.stop());

    it('lists the sample packages, the one install would use, and the repository', async () => {
      const r = await runCli(['packages', '--host', t.address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const lines = r.stdout.split('\n');
      assert.match(lines[0], /^NAME\s+VERSION\s+OS\s+DATE\s+SIZE\s+SHA256\s+MATCHES HOST$/);
      for (const version of SAMPLE_VERSIONS) {
        const pkg = await samplePackage(version);
        const row = lines.find((line) => line.startsWith(`${pkg.name} `));
        assert.ok(row, `no row for ${pkg.name}:\n${r.stdout}`);
        assert.match(row, new RegExp(`\\s${version.replace(/\./g, '\\.')}\\s+UBUNTU-20\\.04-64\\s+\\S+\\s+[\\d.]+ \\S+\\s+${pkg.sha256.slice(0, 12)}\\s+yes$`));
      }
      // Newest version first.
      assert.ok(lines[1].includes(NEWEST), r.stdout);
      const newest = await samplePackage(NEWEST);
      assert.ok(r.stdout.includes(`\`mobilityctl install\` without --package would use: ${newest.name}\n`), r.stdout);
      assert.ok(r.stdout.includes(`Repository: ${t.daemon.packages.dir}\n`), r.stdout);
    });

    it('--json prints the ListPackagesResponse', async () => {
      const r = await runCli(['packages', '--host', t.address, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const listing = jsonOf(r);
      assert.equal(listing.packages.length, SAMPLE_VERSIONS.length);
      assert.equal(listing.selectedPackage, (await samplePackage(NEWEST)).name);
      assert.equal(listing.repositoryPath, t.daemon.packages.dir);
      assert.equal(listing.packages[0].matchesHost, true);
    });
  });

  describe('push', () => {
    let t: TestDaemon;
    before(async () => {
      t = await startTestDaemon(); // an empty repository
    });
    after(async () => await t?.stop());

    it('uploads a package the host lacks, reports it already present the second time, then installs from it', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const empty = await runCli(['packages', '--host', t.address]);
      assert.equal(empty.code, 0, empty.stderr);
      assert.match(empty.stdout, /^No installer packages in the repository of /);
      assert.match(empty.stdout, /nothing to use/);

      const first = await runCli(['push', pkg.path, '--host', t.address]);
      assert.equal(first.code, 0, first.stderr);
      assert.ok(first.stdout.startsWith(`Stored ${pkg.name} on ${t.address}`), first.stdout);
      assert.ok(first.stdout.includes(`sha256 ${pkg.sha256.slice(0, 12)}`), first.stdout);
      assert.equal(first.stderr, '', 'no progress line when stderr is not a terminal');
      assert.equal(fs.readFileSync(path.join(t.daemon.packages.dir, pkg.name)).equals(fs.readFileSync(pkg.path)), true);

      const again = await runCli(['push', pkg.path, '--host', t.address, '--json']);
      assert.equal(again.code, 0, again.stderr);
      const response = jsonOf(again);
      assert.equal(response.alreadyPresent, true);
      assert.equal(response.package.sha256, pkg.sha256);

      const install = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--package', pkg.name, '--host', t.address]);
      assert.equal(install.code, 0, install.stderr + install.stdout);
      assert.match(install.stdout, /succeeded/);
      assert.match(install.stdout, /agent version: 9\.30\.0\.0\n/);
    });

    it('refuses a file whose name is not an installer name before sending anything (exit 2)', async () => {
      const pkg = await samplePackage('9.30.0.0');
      const renamed = path.join(t.sandbox.dir, 'agent.tar.gz');
      fs.copyFileSync(pkg.path, renamed);
      const r = await runCli(['push', renamed, '--host', t.address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mobilityctl: package name "agent\.tar\.gz" is not an installer file name: .*Microsoft-ASR_UA_<version>_<OS>_GA_<date>_release/);
      assert.match(r.stderr, /Run `mobilityctl push --help` for usage\./);
      assert.equal(r.stdout, '');
      assertNoStackTrace(r);
    });

    it('a missing file is a usage error (exit 2)', async () => {
      const r = await runCli(['push', path.join(t.sandbox.dir, (await samplePackage('9.30.0.0')).name), '--host', t.address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read .*: no such file/);
    });
  });

  describe('install, job, jobs and cancel', () => {
    let t: TestDaemon;
    before(async () => (t = await sampleDaemon()));
    after(async () => await t?.stop());

    it('install waits, prints one plain-ASCII line per step change and the outcome, and exits 0', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', t.address]);
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
      const started = await runCli(['install', '--role', 'Agent', '--platform', 'vmware', '--no-wait', '--host', t.address]);
      assert.equal(started.code, 0, started.stderr);
      const id = started.stdout.trim();
      assert.match(started.stdout, /^\S+\n$/);
      assert.ok(started.stderr.includes(`follow it with \`mobilityctl job ${id} --watch --host ${t.address}\``), started.stderr);
      assert.match(started.stderr, /request id [0-9a-f-]{36}/);

      const watched = await runCli(['job', id, '--watch', '--host', t.address]);
      assert.equal(watched.code, 0, watched.stderr + watched.stdout);
      assert.ok(watched.stdout.startsWith(`install job ${id} on ${t.address}\n`), watched.stdout);
      assert.match(watched.stdout, /^\[ OK \] Install agent\s+succeeded/m);
      assert.match(watched.stdout, new RegExp(`^install job ${id} succeeded`, 'm'));

      const detail = await runCli(['job', id, '--host', t.address]);
      assert.equal(detail.code, 0, detail.stderr);
      assert.match(detail.stdout, new RegExp(`^  id\\s+${id}$`, 'm'));
      assert.match(detail.stdout, /^ {2}state\s+succeeded$/m);
      assert.match(detail.stdout, /^ {2}exit status\s+install exited 0: success$/m);
      assert.match(detail.stdout, /^ {2}role\s+MS \(Mobility service\)$/m);
      assert.match(detail.stdout, /^ {2}STEP\s+STATE\s+STARTED\s+TOOK\s+MESSAGE$/m);
      // Skipped when an earlier test of this daemon installed the same version already (nothing to check then).
      assert.match(detail.stdout, /^ {2}Prerequisite check\s+(succeeded|skipped)\s/m);

      const json = await runCli(['job', id, '--host', t.address, '--json']);
      assert.equal(jsonOf(json).job.state, 'JOB_STATE_SUCCEEDED');
      assert.equal(jsonOf(json).job.install.role, 'AGENT_ROLE_MOBILITY_SERVICE');
    });

    it('the same --request-id returns the same job instead of starting another', async () => {
      const requestId = 'cli-jobs-test-request-1';
      const first = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--request-id', requestId, '--no-wait', '--host', t.address]);
      assert.equal(first.code, 0, first.stderr);
      await jobUntil(t, first.stdout.trim(), ended);
      const second = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--request-id', requestId, '--no-wait', '--host', t.address]);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
    });

    it('jobs lists the jobs newest first and prints the next page hint', async () => {
      const a = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', t.address]);
      await jobUntil(t, a.stdout.trim(), ended);
      const b = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', t.address]);
      await jobUntil(t, b.stdout.trim(), ended);
      const [older, newer] = [a.stdout.trim(), b.stdout.trim()];

      const r = await runCli(['jobs', '--host', t.address]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^ID\s+KIND\s+STATE\s+CREATED\s+DURATION\s+MESSAGE$/);
      assert.match(lines[1], new RegExp(`^${newer}\\s+install\\s+succeeded\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+(<0\\.1|\\d+\\.\\d)s\\s+\\S`));
      assert.ok(lines[2].startsWith(`${older} `), r.stdout);

      const page = await runCli(['jobs', '--limit', '1', '--host', t.address]);
      assert.equal(page.code, 0, page.stderr);
      assert.ok(page.stdout.split('\n')[1].startsWith(`${newer} `), page.stdout);
      const token = /^More jobs: mobilityctl jobs --page-token (\S+) --limit 1 --host \S+$/m.exec(page.stdout)?.[1];
      assert.ok(token, page.stdout);
      const next = await runCli(['jobs', '--limit', '1', '--page-token', token, '--host', t.address, '--json']);
      assert.equal(next.code, 0, next.stderr);
      assert.equal(jsonOf(next).jobs[0].id, older);
    });
  });

  describe('cancel and Ctrl-C (a slow install on a host without the agent)', () => {
    let t: TestDaemon;
    // A fresh host each time: the sample installer does nothing (quickly) when the same version is installed.
    beforeEach(async () => {
      t = await sampleDaemon();
      setSampleFaults(t.sandbox.root, ['slow']);
    });
    afterEach(async () => await t?.stop());

    it('cancel stops a slow install; the watching CLI reports it cancelled and exits 1', async () => {
      const started = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', t.address]);
      assert.equal(started.code, 0, started.stderr);
      const id = started.stdout.trim();
      const watcher = new RunningCli(['job', id, '--watch', '--host', t.address]);
      await watcher.waitForStdout((out) => /^\[ \.\. \] (Prerequisite check|Install agent)\s+running/m.test(out));

      const cancel = await runCli(['cancel', id, '--host', t.address]);
      assert.equal(cancel.code, 0, cancel.stderr);
      assert.match(cancel.stdout, new RegExp(`^install job ${id} (was cancelled|is running; cancelling it)`));

      const watched = await watcher.exited;
      assert.equal(watched.code, 1, watched.stderr + watched.stdout);
      assert.match(watched.stdout, /^\[STOP\] /m);
      assert.match(watched.stdout, new RegExp(`^install job ${id} was cancelled`, 'm'));
      assert.match(watched.stderr, new RegExp(`^mobilityctl: install job ${id} was cancelled`));

      const json = await runCli(['job', id, '--json', '--host', t.address]);
      assert.equal(jsonOf(json).job.state, 'JOB_STATE_CANCELLED');
    });

    it('Ctrl-C while install waits leaves the job running, says how to cancel it, and exits 130', async () => {
      const cli = new RunningCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', t.address]);
      await cli.waitForStdout((out) => /^\[ \.\. \] (Prerequisite check|Install agent)\s+running/m.test(out));
      const id = /^install job (\S+) on /.exec(cli.stdout)![1];
      cli.child.kill('SIGINT');
      const r = await cli.exited;
      assert.equal(r.code, 130, r.stderr);
      assert.ok(r.stderr.includes(`the job keeps running; cancel it with \`mobilityctl cancel ${id} --host ${t.address}\``), r.stderr);
      const { job } = await t.client.getJob(id);
      assert.equal(job?.state, JobState.RUNNING, 'the job was not cancelled');
      await t.client.cancelJob(id);
      await jobUntil(t, id, ended);
    });
  });

  describe('register', () => {
    let t: TestDaemon;
    before(async () => {
      t = await sampleDaemon();
      const install = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', t.address]);
      assert.equal(install.code, 0, install.stderr + install.stdout);
    });
    after(async () => await t?.stop());

    it('--passphrase-stdin registers, and the passphrase appears in no output', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-stdin', '--host', t.address], { input: `${PASSPHRASE}\n` });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const id = /^register job (\S+) on /.exec(r.stdout)?.[1];
      assert.ok(id, r.stdout);
      assert.match(r.stdout, /^\[ OK \] Register\s+succeeded/m);
      assert.match(r.stdout, new RegExp(`^register job ${id} succeeded`, 'm'));
      const outputs = [r.stdout, r.stderr];
      for (const args of [['job', id], ['job', id, '--json'], ['jobs'], ['jobs', '--json'], ['status']]) {
        const more = await runCli([...args, '--host', t.address]);
        assert.equal(more.code, 0, more.stderr);
        outputs.push(more.stdout, more.stderr);
      }
      assert.match(outputs[2], /^ {2}passphrase\s+sent with the request \(not shown; never stored\)$/m);
      assert.match(outputs[6], /registered with configuration server 10\.0\.0\.2/);
      for (const text of outputs) assert.ok(!text.includes(PASSPHRASE), `the passphrase was printed:\n${text}`);
    });

    it('--passphrase-file sends a local file\'s content', async () => {
      const file = path.join(t.sandbox.dir, 'MobSvc.passphrase');
      fs.writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 });
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-file', file, '--host', t.address]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.ok(!(r.stdout + r.stderr).includes(PASSPHRASE));
    });

    it('a wrong passphrase fails the job: exit 1 with the daemon\'s message', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-stdin', '--host', t.address], { input: 'not-the-passphrase\n' });
      assert.equal(r.code, 1, r.stderr + r.stdout);
      const id = /^register job (\S+) on /.exec(r.stdout)?.[1];
      assert.ok(id, r.stdout);
      const { job } = await t.client.getJob(id);
      assert.equal(job?.state, JobState.FAILED);
      assert.ok(job?.message, 'the daemon explains the failure');
      assert.ok(r.stderr.includes(`mobilityctl: register job ${id} failed: ${job!.message}`), r.stderr);
      assert.match(r.stdout, /exit status: .*exited 14/);
      assert.match(r.stdout, /mobilityctl logs configurator/);
      assert.ok(!(r.stdout + r.stderr).includes('not-the-passphrase'));
    });

    it('--passphrase VALUE is refused (exit 2) without repeating the value', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase', 'hunter2-on-the-command-line', '--host', t.address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mobilityctl: --passphrase is refused: a passphrase on the command line can be read by other users/);
      assert.match(r.stderr, /--passphrase-file PATH/);
      assert.ok(!r.stderr.includes('hunter2'));
      assert.equal(r.stdout, '');
    });

    it('register without a passphrase source, or with a bad --cs-endpoint, is a usage error', async () => {
      const none = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--host', t.address]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /needs the passphrase/);
      const bad = await runCli(['register', '--cs-endpoint', 'cs.example.com', '--passphrase-stdin', '--host', t.address], { input: `${PASSPHRASE}\n` });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--cs-endpoint must be the configuration server's IP address/);
    });
  });

  describe('--hosts', () => {
    let a: TestDaemon;
    let b: TestDaemon;
    let dead: string;
    before(async () => {
      [a, b] = await Promise.all([sampleDaemon(), sampleDaemon()]);
      dead = `127.0.0.1:${await closedPort()}`;
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
    });

    it('status prints a summary table and exits 1 when one host is unreachable', async () => {
      const r = await runCli(['status', '--hosts', `${a.address},${b.address},${dead}`]);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^HOST\s+RESULT\s+DETAIL$/);
      assert.match(lines[1], new RegExp(`^${a.address}\\s+ok\\s+agent not installed; Ubuntu 20\\.04\\.6 LTS \\(UBUNTU-20\\.04-64\\)$`));
      assert.match(lines[2], new RegExp(`^${b.address}\\s+ok\\s+`));
      assert.match(lines[3], new RegExp(`^${dead}\\s+unreachable\\s+connection refused$`));
      assert.equal(lines[4], '2 of 3 hosts ok, 0 failed, 1 unreachable');
    });

    it('install runs on every host with its own request id; --json prints one entry per host', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--hosts', `${a.address},${b.address},${dead}`, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const items = jsonOf<any[]>(r);
      assert.deepEqual(items.map((item) => [item.host, item.ok]), [[a.address, true], [b.address, true], [dead, false]]);
      assert.equal(items[0].result.job.state, 'JOB_STATE_SUCCEEDED');
      assert.equal(items[1].result.job.state, 'JOB_STATE_SUCCEEDED');
      assert.notEqual(items[0].result.job.requestId, items[1].result.job.requestId);
      assert.equal(items[2].error.reason, 'unreachable');
      assert.match(items[2].error.message, /^connection refused \(request id [0-9a-f-]{36}\)$/);
      assert.equal(items[2].result, undefined);

      const table = await runCli(['jobs', '--hosts', `${a.address},${b.address}`]);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, new RegExp(`^${a.address}\\s+ok\\s+1 job; newest: ${items[0].result.job.id} install succeeded$`, 'm'));
      assert.match(table.stdout, /^2 of 2 hosts ok, 0 failed, 0 unreachable$/m);
    });

    it('a host whose answer is a failure is "failed"; exit 1', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--package', 'Microsoft-ASR_UA_9.99.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz', '--hosts', `${a.address},${b.address}`]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`^${a.address}\\s+failed\\s+\\S`, 'm'));
      assert.match(r.stdout, /^0 of 2 hosts ok, 2 failed, 0 unreachable$/m);
    });

    it('exits 3 when no host can be reached', async () => {
      const r = await runCli(['health', '--hosts', `${dead},127.0.0.1:${await closedPort()}`]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stdout, /^0 of 2 hosts ok, 0 failed, 2 unreachable$/m);
    });

    it('--host and --hosts exclude each other (exit 2)', async () => {
      const r = await runCli(['status', '--host', a.address, '--hosts', b.address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--host and --hosts exclude each other/);
    });

    it('a malformed or repeated --hosts entry is a usage error', async () => {
      const bad = await runCli(['status', '--hosts', `${a.address},http://x`]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^mobilityctl: --hosts: host address "http:\/\/x" is malformed/);
      const twice = await runCli(['status', '--hosts', `${a.address},${a.address}`]);
      assert.equal(twice.code, 2);
      assert.match(twice.stderr, /names .* twice/);
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
