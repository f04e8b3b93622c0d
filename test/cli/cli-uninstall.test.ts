/**
 * mobilityctl uninstall end to end (the real bundled CLI against a real
 * mobilityd running the SAMPLE packages): --yes runs the job and follows it;
 * without --yes and without a terminal it is a usage error that says to add
 * --yes, and nothing is sent. The question itself: uninstall-confirmation.test.ts.
 */
import * as assert from 'node:assert/strict';
import { JobKind, JobState } from '../../gen/mobility/v1/agent_control_pb';
import { assertNoStackTrace, jsonOf, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { useJobDaemon } from '../helpers/job-daemon';

describe('mobilityctl uninstall (built CLI against a real mobilityd)', function () {
  requireBuiltCli();
  this.timeout(60_000);

  const daemon = useJobDaemon();
  const installAgent = async () => {
    const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
  };

  it('--yes uninstalls, shows the step and the outcome; status then shows the agent not installed', async () => {
    await installAgent();
    const r = await runCli(['uninstall', '--yes', '--host', daemon().address]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const id = /^uninstall job (\S+) on /.exec(r.stdout)?.[1];
    assert.ok(id, r.stdout);
    assert.match(r.stdout, /^\[ OK \] Uninstall agent\s+succeeded/m);
    assert.match(r.stdout, new RegExp(`^uninstall job ${id} succeeded`, 'm'));
    const job = await daemon().client.getJob(id!);
    assert.equal(job.kind, JobKind.UNINSTALL);
    assert.equal((await daemon().client.getStatus()).agent?.installed, false);
  });

  it('without --yes and without a terminal: exit 2, says to add --yes, and starts nothing', async () => {
    await installAgent();
    const before = (await daemon().client.listJobs()).jobs.length;
    const r = await runCli(['uninstall', '--host', daemon().address], { input: 'y\n' });
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /standard input is not a terminal to ask on, so add --yes to confirm/);
    assert.match(r.stderr, new RegExp(`host ${daemon().address.replace(/[.]/g, '\\.')}`));
    assertNoStackTrace(r);
    assert.equal((await daemon().client.listJobs()).jobs.length, before);
    assert.equal((await daemon().client.getStatus()).agent?.installed, true);
  });

  it('--no-wait --json prints the UninstallResponse at once; nothing installed is exit 1 with the daemon\'s reason', async () => {
    await installAgent();
    const r = await runCli(['uninstall', '--yes', '--no-wait', '--json', '--request-id', 'cli-uninstall-1', '--host', daemon().address]);
    assert.equal(r.code, 0, r.stderr);
    const job = jsonOf<{ job: { id: string; kind: string; requestId: string } }>(r).job;
    assert.equal(job.kind, 'JOB_KIND_UNINSTALL');
    assert.equal(job.requestId, 'cli-uninstall-1');
    assert.equal((await daemon().finish(job.id)).state, JobState.SUCCEEDED);
    const again = await runCli(['uninstall', '--yes', '--host', daemon().address]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /the Mobility service agent is not installed on this host/);
    assertNoStackTrace(again);
  });

  it('--hosts runs it on each listed host with one summary row; --watch with --no-wait is a usage error', async () => {
    await installAgent();
    const r = await runCli(['uninstall', '--yes', '--hosts', daemon().address]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`${daemon().address.replace(/[.]/g, '\\.')}\\s+ok\\s+`));
    assert.equal((await daemon().client.getStatus()).agent?.installed, false);
    const bad = await runCli(['uninstall', '--yes', '--watch', '--no-wait', '--host', daemon().address]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--watch and --no-wait contradict each other/);
  });

  it('--help explains the confirmation and the documented command lines', async () => {
    const r = await runCli(['uninstall', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: mobilityctl uninstall \[--yes\]/m);
    assert.match(r.stdout, /uninstall\.sh -Y/);
    assert.match(r.stdout, /MsiExec\.exe \/qn \/x \{275197FC-14FD-4560-A5EB-38217F80CBD1\}/);
    const list = await runCli(['--help']);
    assert.match(list.stdout, /^\s+uninstall\s+uninstall the agent/m);
  });
});
