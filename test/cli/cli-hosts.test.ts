/**
 * mobilityctl --hosts end to end: one command on many hosts, a summary table or
 * one JSON entry per host, and the exit code of the whole; the real bundled CLI
 * against real mobilityd daemons running the SAMPLE installer packages.
 */
import * as assert from 'node:assert/strict';
import { jsonOf, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { closedPort } from '../helpers/closed-port';
import { useJobDaemon } from '../helpers/job-daemon';

describe('mobilityctl packages and jobs (built CLI against real mobilityd daemons)', function () {
  requireBuiltCli();

  describe('--hosts', () => {
    const a = useJobDaemon({ shared: true });
    const b = useJobDaemon({ shared: true });
    let dead: string;
    before(async () => {
      dead = `127.0.0.1:${await closedPort()}`;
    });

    it('status prints a summary table and exits 1 when one host is unreachable', async () => {
      const r = await runCli(['status', '--hosts', `${a().address},${b().address},${dead}`]);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^HOST\s+RESULT\s+DETAIL$/);
      assert.match(lines[1], new RegExp(`^${a().address}\\s+ok\\s+agent not installed; Ubuntu 20\\.04\\.6 LTS \\(UBUNTU-20\\.04-64\\)$`));
      assert.match(lines[2], new RegExp(`^${b().address}\\s+ok\\s+`));
      assert.match(lines[3], new RegExp(`^${dead}\\s+unreachable\\s+connection refused$`));
      assert.equal(lines[4], '2 of 3 hosts ok, 0 failed, 1 unreachable');
    });

    it('install runs on every host with its own request id; --json prints one entry per host', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--hosts', `${a().address},${b().address},${dead}`, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const items = jsonOf<any[]>(r);
      assert.deepEqual(items.map((item) => [item.host, item.ok]), [[a().address, true], [b().address, true], [dead, false]]);
      assert.equal(items[0].result.job.state, 'JOB_STATE_SUCCEEDED');
      assert.equal(items[1].result.job.state, 'JOB_STATE_SUCCEEDED');
      assert.notEqual(items[0].result.job.requestId, items[1].result.job.requestId);
      assert.equal(items[2].error.reason, 'unreachable');
      assert.match(items[2].error.message, /^connection refused \(request id [0-9a-f-]{36}\)$/);
      assert.equal(items[2].result, undefined);

      const table = await runCli(['jobs', '--hosts', `${a().address},${b().address}`]);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, new RegExp(`^${a().address}\\s+ok\\s+1 job; newest: ${items[0].result.job.id} install succeeded$`, 'm'));
      assert.match(table.stdout, /^2 of 2 hosts ok, 0 failed, 0 unreachable$/m);
    });

    it('a host whose answer is a failure is "failed"; exit 1', async () => {
      const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--package', 'Microsoft-ASR_UA_9.99.0.0_UBUNTU-20.04-64_GA_01Jan2024_release.tar.gz', '--hosts', `${a().address},${b().address}`]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`^${a().address}\\s+failed\\s+\\S`, 'm'));
      assert.match(r.stdout, /^0 of 2 hosts ok, 2 failed, 0 unreachable$/m);
    });

    it('exits 3 when no host can be reached', async () => {
      const r = await runCli(['health', '--hosts', `${dead},127.0.0.1:${await closedPort()}`]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stdout, /^0 of 2 hosts ok, 0 failed, 2 unreachable$/m);
    });

    it('--host and --hosts exclude each other (exit 2)', async () => {
      const r = await runCli(['status', '--host', a().address, '--hosts', b().address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--host and --hosts exclude each other/);
    });

    it('a malformed or repeated --hosts entry is a usage error', async () => {
      const bad = await runCli(['status', '--hosts', `${a().address},http://x`]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^mobilityctl: --hosts: host address "http:\/\/x" is malformed/);
      const twice = await runCli(['status', '--hosts', `${a().address},${a().address}`]);
      assert.equal(twice.code, 2);
      assert.match(twice.stderr, /names .* twice/);
    });
  });
});
