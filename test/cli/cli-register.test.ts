/**
 * mobilityctl register end to end: the passphrase from stdin or a file, never
 * from the command line, and never printed; the real bundled CLI against a
 * real mobilityd running the SAMPLE installer packages.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { requireBuiltCli, runCli } from '../helpers/cli-runner';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'secret-sample-passphrase-7f3a';

describe('mobilityctl packages and jobs (built CLI against real mobilityd daemons)', function () {
  requireBuiltCli();

  describe('register', () => {
    const daemon = useJobDaemon({ shared: true });
    before(async () => {
      setSamplePassphrase(daemon().sandbox.root, PASSPHRASE);
      const install = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
      assert.equal(install.code, 0, install.stderr + install.stdout);
    });

    it('--passphrase-stdin registers, and the passphrase appears in no output', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-stdin', '--host', daemon().address], { input: `${PASSPHRASE}\n` });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const id = /^register job (\S+) on /.exec(r.stdout)?.[1];
      assert.ok(id, r.stdout);
      assert.match(r.stdout, /^\[ OK \] Register\s+succeeded/m);
      assert.match(r.stdout, new RegExp(`^register job ${id} succeeded`, 'm'));
      const outputs = [r.stdout, r.stderr];
      for (const args of [['job', id], ['job', id, '--json'], ['jobs'], ['jobs', '--json'], ['status']]) {
        const more = await runCli([...args, '--host', daemon().address]);
        assert.equal(more.code, 0, more.stderr);
        outputs.push(more.stdout, more.stderr);
      }
      assert.match(outputs[2], /^ {2}passphrase\s+sent with the request \(not shown; never stored\)$/m);
      assert.match(outputs[6], /registered with configuration server 10\.0\.0\.2/);
      for (const text of outputs) assert.ok(!text.includes(PASSPHRASE), `the passphrase was printed:\n${text}`);
    });

    it('--passphrase-file sends a local file\'s content', async () => {
      const file = path.join(daemon().sandbox.dir, 'MobSvc.passphrase');
      fs.writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 });
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-file', file, '--host', daemon().address]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.ok(!(r.stdout + r.stderr).includes(PASSPHRASE));
    });

    it('a wrong passphrase fails the job: exit 1 with the daemon\'s message', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase-stdin', '--host', daemon().address], { input: 'not-the-passphrase\n' });
      assert.equal(r.code, 1, r.stderr + r.stdout);
      const id = /^register job (\S+) on /.exec(r.stdout)?.[1];
      assert.ok(id, r.stdout);
      const job = await daemon().client.getJob(id);
      assert.equal(job?.state, JobState.FAILED);
      assert.ok(job?.message, 'the daemon explains the failure');
      assert.ok(r.stderr.includes(`mobilityctl: register job ${id} failed: ${job!.message}`), r.stderr);
      assert.match(r.stdout, /exit status: .*exited 14/);
      assert.match(r.stdout, /mobilityctl logs configurator/);
      assert.ok(!(r.stdout + r.stderr).includes('not-the-passphrase'));
    });

    it('--passphrase VALUE is refused (exit 2) without repeating the value', async () => {
      const r = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--passphrase', 'hunter2-on-the-command-line', '--host', daemon().address]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mobilityctl: --passphrase is refused: a passphrase on the command line can be read by other users/);
      assert.match(r.stderr, /--passphrase-file PATH/);
      assert.ok(!r.stderr.includes('hunter2'));
      assert.equal(r.stdout, '');
    });

    it('register without a passphrase source, or with a bad --cs-endpoint, is a usage error', async () => {
      const none = await runCli(['register', '--cs-endpoint', '10.0.0.2', '--host', daemon().address]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /needs the passphrase/);
      const bad = await runCli(['register', '--cs-endpoint', 'cs.example.com', '--passphrase-stdin', '--host', daemon().address], { input: `${PASSPHRASE}\n` });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--cs-endpoint must be the configuration server's IP address/);
    });
  });
});
