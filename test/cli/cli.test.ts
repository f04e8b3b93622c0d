/**
 * mobilityctl end to end: the real bundled CLI (dist/mobilityctl.cjs) as a child
 * process, against a real mobilityd in this process. Synchronisation is by
 * events (the CLI's output, its exit), never by sleeping.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { MOBILITYD_VERSION } from '../../contract/version';
import { assertNoStackTrace, cliEnv, requireBuiltCli, runCli, RunningCli } from '../helpers/cli-runner';
import { closedPort } from '../helpers/closed-port';
import { useTestDaemon } from '../helpers/test-daemon';

const INSTALLER_LINES = Array.from({ length: 30 }, (_, i) => `installer line ${String(i + 1).padStart(2, '0')}`);
const INSTALLER_TEXT = INSTALLER_LINES.map((line) => `${line}\n`).join('');

describe('mobilityctl (built CLI against a real mobilityd)', function () {
  requireBuiltCli();
  const daemon = useTestDaemon({ shared: true });
  before(() => {
    // The installer log is never changed after this, so tests can compare with it exactly.
    fs.writeFileSync(daemon().logPath('installer'), INSTALLER_TEXT);
  });

  describe('status', () => {
    it('reports the OS installer tag and that the agent is not installed', async () => {
      const r = await runCli(['status', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /installer OS tag\s+UBUNTU-20\.04-64\n/);
      assert.match(r.stdout, /Ubuntu 20\.04\.6 LTS/);
      assert.match(r.stdout, /not installed/);
      assert.match(r.stdout, new RegExp(`address\\s+${daemon().address}\\n`));
      assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour codes when stdout is not a terminal');
    });

    it('--json prints protobuf JSON with the daemon version', async () => {
      const r = await runCli(['status', '--host', daemon().address, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const status = JSON.parse(r.stdout);
      assert.equal(status.daemon?.version, MOBILITYD_VERSION);
      assert.ok(Array.isArray(status.logs));
    });
  });

  describe('logs', () => {
    it('-n 2 prints exactly the last 2 lines', async () => {
      const r = await runCli(['logs', 'installer', '-n', '2', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'installer line 29\ninstaller line 30\n');
      assert.equal(r.stderr, '');
    });

    it('prints the last 10 lines by default, like tail', async () => {
      const r = await runCli(['logs', 'installer', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, INSTALLER_LINES.slice(-10).map((l) => `${l}\n`).join(''));
    });

    it('--from OFFSET resumes exactly at that byte', async () => {
      const offset = Buffer.byteLength(INSTALLER_LINES.slice(0, 27).map((l) => `${l}\n`).join(''));
      const r = await runCli(['logs', 'installer', '--from', String(offset), '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'installer line 28\ninstaller line 29\ninstaller line 30\n');
    });

    it('--json prints NDJSON whose nextOffset and fileId resume exactly', async () => {
      const firstFive = Buffer.byteLength(INSTALLER_LINES.slice(0, 5).map((l) => `${l}\n`).join(''));
      const first = await runCli(['logs', 'installer', '--json', '--from', '0', '--max-bytes', String(firstFive), '--host', daemon().address]);
      assert.equal(first.code, 0, first.stderr);
      const head = first.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(head.flatMap((record) => record.lines), INSTALLER_LINES.slice(0, 5));
      const last = head[head.length - 1];
      assert.equal(last.nextOffset, firstFive);
      assert.equal(typeof last.fileId, 'string');
      assert.ok(last.fileId.length > 0);

      const rest = await runCli(
        ['logs', 'installer', '--json', '--from', String(last.nextOffset), '--file-id', last.fileId, '--host', daemon().address],
      );
      assert.equal(rest.code, 0, rest.stderr);
      const tail = rest.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      assert.equal(tail[0].offset, firstFive);
      assert.deepEqual(tail.flatMap((record) => record.lines), INSTALLER_LINES.slice(5));
    });

    it('reports events on stderr (text) or as NDJSON records (--json), never among the lines', async () => {
      const args = ['logs', 'installer', '--from', '0', '--file-id', '1:1', '--host', daemon().address];
      const text = await runCli(args);
      assert.equal(text.code, 0, text.stderr);
      assert.equal(text.stdout, INSTALLER_TEXT);
      // Nothing rotated: the id is simply not this log's file (finding 11).
      assert.match(text.stderr, /^mobilityctl: installer log file is a different one than file id 1:1: /);

      const json = await runCli([...args, '--json']);
      const records = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      assert.equal(records[0].event, 'different_file');
      assert.equal(records[0].offset, 0);
      assert.equal(json.stderr, '');
    });

    it('-f prints a line appended after it started, and exits 0 on Ctrl-C', async () => {
      const log = daemon().logPath('configurator');
      fs.writeFileSync(log, 'configurator line 1\nconfigurator line 2\n');
      const cli = new RunningCli(['logs', 'configurator', '-f', '--host', daemon().address]);
      await cli.waitForStdout((out) => out === 'configurator line 1\nconfigurator line 2\n');
      fs.appendFileSync(log, 'appended after the CLI started\n');
      await cli.waitForStdout((out) => out.endsWith('appended after the CLI started\n'));
      cli.child.kill('SIGINT');
      const r = await cli.exited;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'configurator line 1\nconfigurator line 2\nappended after the CLI started\n');
      assert.equal(r.stderr, '', 'CAUGHT_UP is silent');
    });

    it('an unknown log exits 1 with the daemon message naming the valid logs', async () => {
      const r = await runCli(['logs', 'nope', '--host', daemon().address]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^mobilityctl: ${daemon().address}: there is no log named "nope"`));
      assert.match(r.stderr, /installer, configurator/);
      assertNoStackTrace(r);
    });

    for (const bad of ['-5', 'abc']) {
      it(`-n ${bad} is a usage error (exit 2), checked before calling the daemon`, async () => {
        const r = await runCli(['logs', 'installer', '-n', bad, '--host', daemon().address]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, new RegExp(`-n must be a line count: a whole number from 0 to 1,000,000, not "${bad}"`));
        assert.equal(r.stdout, '');
      });
    }

    it('-n with --from is a usage error', async () => {
      const r = await runCli(['logs', 'installer', '-n', '3', '--from', '0', '--host', daemon().address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /-n and --from exclude each other/);
    });
  });

  describe('health', () => {
    it('prints SERVING and exits 0', async () => {
      const r = await runCli(['health', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'SERVING\n');
    });

    it('--json prints the status as JSON', async () => {
      const r = await runCli(['health', '--json', '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { status: 'SERVING' });
    });

    it('takes the host from MOBILITY_HOST when --host is absent', async () => {
      const r = await runCli(['health'], { env: cliEnv({ MOBILITY_HOST: daemon().address }) });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'SERVING\n');
    });
  });

  describe('host addresses and reachability', () => {
    for (const host of ['http://x', 'host:99999']) {
      it(`a malformed --host "${host}" is a usage error (exit 2)`, async () => {
        const r = await runCli(['status', '--host', host]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^mobilityctl: --host: host address/);
        assertNoStackTrace(r);
      });
    }

    for (const command of [['status'], ['logs', 'installer', '-f']]) {
      it(`${command[0]} against a port where nothing listens exits 3 with "cannot reach"`, async () => {
        const port = await closedPort();
        const r = await runCli([...command, '--host', `127.0.0.1:${port}`]);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, new RegExp(`^mobilityctl: cannot reach mobilityd at 127\\.0\\.0\\.1:${port}: connection refused`));
        assert.match(r.stderr, /npm run embedded/);
        assert.equal(r.stdout, '');
        assertNoStackTrace(r);
      });
    }
  });

  describe('usage', () => {
    it('an unknown command is a usage error listing the commands', async () => {
      const r = await runCli(['frobnicate']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown command "frobnicate"; the commands are: status, logs, health/);
    });

    it('an unknown flag is a usage error pointing at the command help', async () => {
      const r = await runCli(['status', '--bogus']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--bogus/);
      assert.match(r.stderr, /Run `mobilityctl status --help` for usage\./);
      assertNoStackTrace(r);
    });

    it('--help lists the commands and documents the exit codes', async () => {
      const r = await runCli(['--help']);
      assert.equal(r.code, 0);
      for (const text of ['status', 'logs', 'health', 'Exit codes:', '  2  usage error', '  3  cannot reach']) {
        assert.ok(r.stdout.includes(text), `--help lacks "${text}"`);
      }
    });

    it('each command has its own --help', async () => {
      const r = await runCli(['logs', '-h']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: mobilityctl logs NAME/);
      assert.match(r.stdout, /--file-id ID/);
    });

    it('--version prints the version', async () => {
      const r = await runCli(['--version']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `mobilityctl ${MOBILITYD_VERSION}\n`);
    });
  });
});
