/**
 * The passphrase never leaks: after registrations in both passphrase modes,
 * successful and rejected, no file under the state folder or the sandbox root
 * (apart from the files the test itself wrote it into), no response and no
 * error message contains it — nor did any process's command line or
 * environment while the configurator ran (scanned in /proc during the run).
 */
import { toJson } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientError } from '../../client/errors/client-error';
import { JobSchema, JobState, StepKind, StepState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { type RegisterInit, useJobDaemon } from '../helpers/job-daemon';
import { stepOf } from '../helpers/job-watcher';
import { commandLines, processesOfRoot } from '../helpers/process-scan';
import { samplePassphrasePath, setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

describe('The passphrase stays secret', function () {
  this.timeout(60_000);
  const secret = `cs-pass-${randomBytes(12).toString('hex')}`;
  const wrong = `wrong-pass-${randomBytes(12).toString('hex')}`;
  /** Files the test itself wrote the passphrase into. */
  let ownFiles: string[];
  /** Everything the daemon said: jobs from every response and stream, and error messages. */
  let seen: string[];

  const daemon = useJobDaemon();
  beforeEach(async () => {
    ownFiles = [setSamplePassphrase(daemon().sandbox.root, secret)];
    seen = [];
    const job = await finish((await daemon().install()).id);
    assert.equal(job.state, JobState.SUCCEEDED);
  });

  const record = (job: Job | undefined) => {
    if (job) seen.push(JSON.stringify(toJson(JobSchema, job)));
    return job!;
  };
  async function finish(id: string): Promise<Job> {
    const watcher = daemon().watch(id);
    const job = await watcher.result();
    watcher.snapshots.forEach(record);
    record(await daemon().client.getJob(id));
    (await daemon().client.listJobs({ pageSize: 500 })).jobs.forEach(record);
    return job;
  }
  async function register(request: RegisterInit): Promise<Job> {
    return finish(record(await daemon().register(request)).id);
  }
  async function refused(call: Promise<unknown>): Promise<void> {
    const err = await call.then(
      () => assert.fail('expected the call to be refused'),
      (e: ClientError) => e,
    );
    seen.push(err.rawMessage, err.message);
  }

  function assertNowhere(): void {
    const skip = new Set(ownFiles);
    const files = [...filesUnder(daemon().sandbox.stateDir), ...filesUnder(daemon().sandbox.root)].filter((f) => !skip.has(f));
    assert.ok(files.some((f) => f.includes(`${path.sep}jobs${path.sep}`)), 'the job records were scanned');
    assert.ok(files.includes(daemon().logPath('configurator')), 'the configurator log was scanned');
    for (const file of files) {
      const content = fs.readFileSync(file).toString('latin1');
      for (const text of [secret, wrong]) assert.ok(!content.includes(text), `${file} contains a passphrase`);
    }
    assert.ok(seen.length > 0);
    for (const text of seen) for (const s of [secret, wrong]) assert.ok(!text.includes(s), `a response contains a passphrase: ${text}`);
  }

  it('literal passphrase, accepted and rejected', async () => {
    const ok = await register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: secret } } });
    assert.equal(ok.state, JobState.SUCCEEDED, ok.message);
    const rejected = await register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: wrong } } });
    assert.equal(rejected.exit?.code, 14);
    const chained = await finish(record(await daemon().install({ registration: { csEndpoint: '10.0.0.6', passphraseSource: { case: 'passphrase', value: secret } } })).id);
    assert.equal(chained.state, JobState.SUCCEEDED, chained.message);
    assert.deepEqual(fs.readdirSync(path.join(daemon().sandbox.stateDir, 'secrets')), [], 'no passphrase file is left');
    await refused(daemon().register({ registration: { csEndpoint: 'cs.example', passphraseSource: { case: 'passphrase', value: secret } } }));
    await refused(daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: `${secret}\n${wrong}` } } }));
    assertNowhere();
  });

  it('passphrase file, accepted and rejected', async () => {
    const folder = '/etc/mobilityd/passphrases';
    ownFiles.push(daemon().sandbox.write(`${folder}/good.passphrase`, secret), daemon().sandbox.write(`${folder}/bad.passphrase`, wrong));
    const ok = await register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphraseFile', value: `${folder}/good.passphrase` } } });
    assert.equal(ok.state, JobState.SUCCEEDED, ok.message);
    const rejected = await register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphraseFile', value: `${folder}/bad.passphrase` } } });
    assert.equal(rejected.exit?.code, 14);
    assertNowhere();
  });

  it('no process command line or environment holds it while the configurator runs', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow=1']);
    const { id } = record(await daemon().register({ registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: secret } } }));
    const watcher = daemon().watch(id);
    let configuratorSeen = 0;
    let scans = 0;
    while (!watcher.ended) {
      // Bounded by the job's end (the watch stream); a scan per event-loop turn.
      for (const { cmdline } of commandLines()) {
        assert.ok(!cmdline.includes(secret), `a command line holds the passphrase: ${cmdline}`);
        if (cmdline.includes('UnifiedAgentConfigurator.sh -i 10.0.0.5 -P ')) configuratorSeen++;
      }
      for (const pid of processesOfRoot(daemon().sandbox.root)) {
        let environ = '';
        try {
          environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
        } catch {
          continue; // it ended between the two reads
        }
        assert.ok(!environ.includes(secret), `process ${pid}'s environment holds the passphrase`);
      }
      scans++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const job = await watcher.result();
    watcher.snapshots.forEach(record);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal(stepOf(job, StepKind.REGISTER)?.state, StepState.SUCCEEDED);
    assert.ok(configuratorSeen > 0, `the scan saw the configurator running (${scans} scans)`);
    ownFiles.push(samplePassphrasePath(daemon().sandbox.root));
    assertNowhere();
  });
});
