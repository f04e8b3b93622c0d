/**
 * mobilityd writes only its own files: a sample install that also registers
 * leaves the agent's log holding exactly what was there plus what the sample
 * programs wrote, while mobilityd's capture of their output is in its own log
 * folder, one file per program that a follow reads from job to job.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import { useJobDaemon } from '../helpers/job-daemon';
import { followLog } from '../helpers/log-follower';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'own-files-sample-passphrase';
const EARLIER = '2026-01-01 00:00:00 [install] INFO: a line from an earlier run\n';
/** The sample programs' own line format (docs/installer-contract.md, "Output"). */
const SAMPLE_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[(install|UnifiedAgentConfigurator)\] [A-Z]+: /;
/** The agent's files in /var/log; everything else there must be mobilityd's, in its folder. */
const AGENT_LOGS = new Set(['ua_install.log', 'InstallerErrors.json']);

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('mobilityd writes only its own files', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();

  it("a sample install and registration: the agent's log gets only the sample programs' lines; the capture is in mobilityd's log folder", async () => {
    const d = daemon();
    setSamplePassphrase(d.sandbox.root, PASSPHRASE);
    d.sandbox.write('/var/log/ua_install.log', EARLIER);
    const job = await d.finish((await d.install({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: PASSPHRASE } } })).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);

    const agentLog = fs.readFileSync(d.sandbox.path('/var/log/ua_install.log'), 'utf8');
    assert.ok(agentLog.startsWith(EARLIER), 'what the agent log held before is untouched');
    const added = agentLog.slice(EARLIER.length).split('\n').filter((l) => l !== '');
    assert.ok(added.some((l) => l.includes('[install]')) && added.some((l) => l.includes('[UnifiedAgentConfigurator]')), agentLog);
    for (const line of added) {
      assert.match(line, SAMPLE_LINE, 'a line in the agent log that no sample program wrote');
      assert.doesNotMatch(line, /mobilityd/);
    }

    const installerCapture = d.sandbox.path('/var/log/mobilityd/installer-output.log');
    const configuratorCapture = d.sandbox.path('/var/log/mobilityd/configurator-output.log');
    assert.equal(d.logPath('installer'), installerCapture);
    assert.equal(d.logPath('configurator'), configuratorCapture);
    assert.match(fs.readFileSync(installerCapture, 'utf8'), new RegExp(`mobilityd: job ${job.id} runs \\./install `));
    assert.match(fs.readFileSync(configuratorCapture, 'utf8'), new RegExp(`mobilityd: job ${job.id} runs UnifiedAgentConfigurator\\.sh `));
    assert.doesNotMatch(fs.readFileSync(configuratorCapture, 'utf8'), new RegExp(PASSPHRASE));

    const logFiles = filesUnder(d.sandbox.path('/var/log'));
    const strays = logFiles.filter((f) => !AGENT_LOGS.has(f) && !f.startsWith(`mobilityd${path.sep}`));
    assert.deepEqual(strays, [], `files in /var/log that are neither the agent's nor in mobilityd's folder: ${logFiles.join(', ')}`);
    assert.deepEqual(logFiles.filter((f) => f.startsWith(`mobilityd${path.sep}`)), ['mobilityd/configurator-output.log', 'mobilityd/installer-output.log']);
  });

  it('one follow of "installer" reads the next job\'s output too', async () => {
    const d = daemon();
    const tail = await followLog(d.client, 'installer');
    const first = await d.finish((await d.install()).id);
    const second = await d.finish((await d.install()).id);
    assert.equal(first.state, JobState.SUCCEEDED, first.message);
    assert.equal(second.state, JobState.SUCCEEDED, second.message);
    await tail.until((c) => c.lines.some((l) => l.includes(`mobilityd: job ${second.id} runs`)), `the second job's note`);
    tail.cancel();
    assert.ok(tail.lines.some((l) => l.includes(`mobilityd: job ${first.id} runs`)), 'the first job was read by the same follow');
  });
});
