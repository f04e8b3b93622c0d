/**
 * Finding 18: mobilityctl speaks in its own commands. What it prints (messages,
 * help, errors, the job summaries it shows) names `mobilityctl jobs`,
 * `mobilityctl cancel` and so on, never the API's calls (ListJobs, CancelJob);
 * a bad flag gets one clean sentence that names it; a mistyped command gets
 * the nearest one suggested.
 */
import * as assert from 'node:assert/strict';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { assertNoStackTrace, type CliResult, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { copySamplePackages, setSampleFaults } from '../helpers/sample-packages';
import { jobUntil } from '../helpers/job-watcher';
import { useTestDaemon } from '../helpers/test-daemon';

/** An API call named as an operation (a message type such as CancelJobResponse is not matched). */
const API_CALL = /\b(Get|List|Watch|Cancel|Tail|Upload|Delete)(Job|Jobs|Status|Log|Package|Packages)\b|\bInstall without\b|\brun Install\b/;

function assertNoApiNames(r: CliResult): void {
  assert.doesNotMatch(r.stdout, API_CALL, `stdout names an API call:\n${r.stdout}`);
  assert.doesNotMatch(r.stderr, API_CALL, `stderr names an API call:\n${r.stderr}`);
}

describe('finding 18: mobilityctl names its own commands, not API calls', function () {
  requireBuiltCli();

  describe('with a daemon', () => {
    const daemon = useTestDaemon({ shared: true });
    before(async () => {
      await copySamplePackages(daemon().daemon.packages.dir);
    });

    for (const args of [['job', 'no-such-job'], ['job', 'no-such-job', '--watch'], ['cancel', 'no-such-job']]) {
      it(`finding 18: \`mobilityctl ${args.join(' ')}\` points to \`mobilityctl jobs\` for the ids`, async () => {
        const r = await runCli([...args, '--host', daemon().address]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /there is no job "no-such-job"/);
        assert.ok(r.stderr.includes(`\`mobilityctl jobs --host ${daemon().address}\` lists the jobs there are`), r.stderr);
        assertNoApiNames(r);
        assertNoStackTrace(r);
      });
    }

    it('finding 18: a --page-token that is no token names no API call', async () => {
      const r = await runCli(['jobs', '--page-token', 'bogus', '--host', daemon().address]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /page token/);
      assertNoApiNames(r);
    });

    it('finding 18: packages says what `mobilityctl install` without --package would use', async () => {
      const r = await runCli(['packages', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^`mobilityctl install` without --package would use: Microsoft-ASR_UA_/m);
      assertNoApiNames(r);
    });
  });

  describe('while a slow install runs', () => {
    let id: string;
    const daemon = useTestDaemon();
    beforeEach(async () => {
      await copySamplePackages(daemon().daemon.packages.dir);
      setSampleFaults(daemon().sandbox.root, ['slow']);
      const started = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--no-wait', '--host', daemon().address]);
      assert.equal(started.code, 0, started.stderr);
      id = started.stdout.trim();
      await jobUntil(daemon(), id, (job) => job.state === JobState.RUNNING);
    });

    it('finding 18: a second install names `mobilityctl job ID --watch` and `mobilityctl cancel ID`', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`another agent operation is running on this host: install job ${id}`));
      assert.ok(r.stderr.includes(`\`mobilityctl job ${id} --watch --host ${daemon().address}\``), r.stderr);
      assert.ok(r.stderr.includes(`\`mobilityctl cancel ${id} --host ${daemon().address}\``), r.stderr);
      assertNoApiNames(r);
    });

    it('finding 18: a cancelled job\'s summary says it was cancelled on request, in job and jobs', async () => {
      const cancel = await runCli(['cancel', id, '--host', daemon().address]);
      assert.equal(cancel.code, 0, cancel.stderr);
      assertNoApiNames(cancel);
      await jobUntil(daemon(), id, (job) => job.state === JobState.CANCELLED);
      const detail = await runCli(['job', id, '--host', daemon().address]);
      assert.equal(detail.code, 0, detail.stderr);
      assert.match(detail.stdout, /^ {2}message\s+cancelled on request; the installer was stopped/m);
      assertNoApiNames(detail);
      const list = await runCli(['jobs', '--host', daemon().address]);
      assert.match(list.stdout, /cancelled on request/);
      assertNoApiNames(list);
    });
  });

  it('finding 18: no command\'s --help names an API call where a command is meant', async () => {
    const names = ['status', 'logs', 'health', 'packages', 'push', 'install', 'register', 'uninstall', 'jobs', 'job', 'cancel', 'explain'];
    for (const args of [['--help'], ...names.map((name) => [name, '--help'])]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assertNoApiNames(r);
    }
  });
});

describe('finding 18: unknown flags and mistyped commands', function () {
  const usage = (command: string) => `Run \`mobilityctl ${command}--help\` for usage.\n`;

  it('finding 18: an unknown flag is one clean sentence naming the flag, then the pointer to --help', async () => {
    const r = await runCli(['status', '--bogus']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `mobilityctl: unknown flag --bogus for \`mobilityctl status\`\n${usage('status ')}`);
    assertNoStackTrace(r);
  });

  it('finding 18: an unknown short flag, and one before any command', async () => {
    const short = await runCli(['status', '-x']);
    assert.equal(short.code, 2);
    assert.equal(short.stderr, `mobilityctl: unknown flag -x for \`mobilityctl status\`\n${usage('status ')}`);
    const global = await runCli(['--bogus']);
    assert.equal(global.code, 2);
    assert.equal(global.stderr, `mobilityctl: unknown flag --bogus\n${usage('')}`);
  });

  it('finding 18: a flag one typo away from a real one suggests it', async () => {
    const r = await runCli(['logs', 'installer', '--line', '3']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `mobilityctl: unknown flag --line for \`mobilityctl logs\` (did you mean --lines?)\n${usage('logs ')}`);
  });

  it('finding 18: a flag without its value, and a switch given a value, say so plainly', async () => {
    const missing = await runCli(['jobs', '--limit']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `mobilityctl: --limit needs a value\n${usage('jobs ')}`);
    const valued = await runCli(['status', '--json=yes']);
    assert.equal(valued.code, 2);
    assert.equal(valued.stderr, `mobilityctl: --json is a switch and takes no value (got --json=yes)\n${usage('status ')}`);
  });

  it('finding 18: a mistyped command suggests the nearest one', async () => {
    const r = await runCli(['stauts']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `mobilityctl: unknown command "stauts"; did you mean \`mobilityctl status\`?\n${usage('')}`);
    const help = await runCli(['help', 'pakages']);
    assert.equal(help.code, 2);
    assert.match(help.stderr, /^mobilityctl: unknown command "pakages"; did you mean `mobilityctl packages`\?\n/);
  });

  it('finding 18: a command far from every command lists them all', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mobilityctl: unknown command "frobnicate"; the commands are: status, logs, health/);
  });
});
