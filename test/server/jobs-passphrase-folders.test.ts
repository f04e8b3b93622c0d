/**
 * A passphrase file named in a request is read only from mobilityd's
 * passphrase folders (default /etc/mobilityd/passphrases under the root, more
 * with --passphrase-dir), never from outside the root, and every refusal is
 * the same answer, whether the file exists or not: nobody learns which files
 * exist. The configurator gets mobilityd's own private copy, never the path.
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientError } from '../../client/errors/client-error';
import { JobState } from '../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../../server/core/config/daemon-config';
import { expectGrpcError } from '../helpers/grpc-errors';
import { startJobDaemon, type JobDaemon } from '../helpers/job-daemon';
import { setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'Kx7-sample-CS-passphrase-4711';
const FINDING_PATH = '/../../../../../../etc/shadow';
const DEFAULT_DIR = '/etc/mobilityd/passphrases';

/** The one answer for every passphrase file mobilityd will not read. */
function refusal(requested: string, dirs = DEFAULT_DIR): string {
  return (
    `registration.passphrase_file ${JSON.stringify(requested)} is refused: mobilityd reads a passphrase file only when it is ` +
    `a regular file inside one of its passphrase folders (${dirs}); copy the configuration server's passphrase file into ` +
    'one of them, add a folder with mobilityd --passphrase-dir DIR (config key passphraseDirs), or send the passphrase itself'
  );
}

const fromFile = (value: string, csEndpoint = '10.0.0.5') => ({
  registration: { csEndpoint, passphraseSource: { case: 'passphraseFile' as const, value } },
});

describe('finding 2: passphrase files only from the passphrase folders, never outside the root', function () {
  this.timeout(60_000);
  let t: JobDaemon;
  let installJobId: string;
  /** A file outside the sandbox root holding the right passphrase: if mobilityd ever used it, registration would succeed. */
  let outside: string;

  async function start(config: Partial<DaemonConfig> = {}): Promise<void> {
    t = await startJobDaemon({ versions: ['9.40.0.0'], config });
    setSamplePassphrase(t.sandbox.root, PASSPHRASE);
    outside = path.join(t.sandbox.dir, 'outside.passphrase');
    fs.writeFileSync(outside, `${PASSPHRASE}\n`, { mode: 0o600 });
    const installed = await t.finish((await t.install()).id);
    assert.equal(installed.state, JobState.SUCCEEDED, installed.message);
    installJobId = installed.id;
  }
  afterEach(async () => {
    await t.stop();
  });

  /** Register is refused with exactly the one answer, and no job starts. */
  async function refused(requested: string, dirs = DEFAULT_DIR): Promise<ClientError> {
    const err = await expectGrpcError(t.client.register(fromFile(requested)), status.FAILED_PRECONDITION, /is refused/);
    assert.equal(err.rawMessage, refusal(requested, dirs));
    return err;
  }
  async function assertNothingRan(): Promise<void> {
    assert.deepEqual((await t.client.listJobs()).jobs.map((j) => j.id), [installJobId], 'no job started');
    assert.equal(fs.existsSync(t.logPath('configurator')), false, 'the configurator never ran');
  }
  const inFolder = (name: string) => t.sandbox.path(path.posix.join(DEFAULT_DIR, name));

  it('finding 2: the exact request from the finding over gRPC is refused; no job, no configurator', async () => {
    await start();
    await refused(FINDING_PATH);
    await expectGrpcError(t.install(fromFile(FINDING_PATH)), status.FAILED_PRECONDITION, /is refused/).then((err) =>
      assert.equal(err.rawMessage, refusal(FINDING_PATH)),
    );
    await assertNothingRan();
  });

  it('finding 2: the exact request from the finding over REST: 409 with the same message', async () => {
    await start();
    const res = await fetch(`${t.restUrl}/v1/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registration: { csEndpoint: '10.0.0.5', passphraseFile: FINDING_PATH } }),
    });
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(res.status, 409, JSON.stringify(body));
    assert.deepEqual(body, { code: 'failed_precondition', message: refusal(FINDING_PATH) });
    await assertNothingRan();
  });

  it('finding 2: symlinks in the folder that lead out of it (or out of the root) are refused with the same message', async () => {
    await start();
    fs.mkdirSync(inFolder(''), { recursive: true });
    t.sandbox.write('/root/elsewhere.passphrase', `${PASSPHRASE}\n`);
    fs.symlinkSync(outside, inFolder('out-of-root.passphrase'));
    fs.symlinkSync('../../../root/elsewhere.passphrase', inFolder('out-of-folder.passphrase'));
    fs.symlinkSync(t.sandbox.dir, inFolder('linked-folder'));
    await refused(`${DEFAULT_DIR}/out-of-root.passphrase`);
    await refused(`${DEFAULT_DIR}/out-of-folder.passphrase`);
    await refused(`${DEFAULT_DIR}/linked-folder/outside.passphrase`);
    await assertNothingRan();
  });

  it('finding 2: a missing file and an existing one outside the folders get the identical answer', async () => {
    await start();
    const requested = '/root/MobSvc.passphrase';
    const missing = await refused(requested);
    t.sandbox.write(requested, `${PASSPHRASE}\n`);
    const existing = await refused(requested);
    assert.deepEqual([existing.code, existing.rawMessage], [missing.code, missing.rawMessage]);

    // The same text for a missing file in the folder, the folder itself, and ".." escapes.
    await refused(`${DEFAULT_DIR}/missing.passphrase`);
    fs.mkdirSync(inFolder('a-folder'), { recursive: true });
    await refused(DEFAULT_DIR);
    await refused(`${DEFAULT_DIR}/a-folder`);
    await refused(`${DEFAULT_DIR}/../../../root/MobSvc.passphrase`);
    await refused(`${DEFAULT_DIR}/a-folder/../../../../root/MobSvc.passphrase`);
    execFileSync('mkfifo', [inFolder('a-fifo')]); // opened without waiting for a writer, then refused
    await refused(`${DEFAULT_DIR}/a-fifo`);
    await assertNothingRan();
  });

  it('finding 2: a file in the folder that holds no passphrase is refused with what is wrong, never its content', async () => {
    await start();
    const cases: Array<[string, string, RegExp]> = [
      ['empty.passphrase', '', /^registration\.passphrase_file "\/etc\/mobilityd\/passphrases\/empty\.passphrase" is empty; it must hold the passphrase/],
      ['two-lines.passphrase', 'first-secret-line\nsecond-secret-line\n', /"\/etc\/mobilityd\/passphrases\/two-lines\.passphrase" contains control characters \(it must be one line\)/],
      ['big.passphrase', 'x'.repeat(5000), /"\/etc\/mobilityd\/passphrases\/big\.passphrase" is larger than 4096 bytes, so it is not a passphrase file/],
    ];
    for (const [name, content, message] of cases) {
      fs.mkdirSync(inFolder(''), { recursive: true });
      fs.writeFileSync(inFolder(name), content);
      const err = await expectGrpcError(t.client.register(fromFile(`${DEFAULT_DIR}/${name}`)), status.FAILED_PRECONDITION, message);
      assert.ok(!err.rawMessage.includes('secret-line') && !err.rawMessage.includes('xxxx'), 'the content is never quoted');
    }
    await assertNothingRan();
  });

  it('finding 2: a file in the folder works, and the configurator gets a private copy, never the host path', async () => {
    await start();
    const file = inFolder('cs-passphrase');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 });
    const job = await t.finish((await t.register(fromFile(`${DEFAULT_DIR}/cs-passphrase`))).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    const registration = job.request.case === 'register' ? job.request.value.registration : undefined;
    assert.deepEqual(registration?.passphraseSource, { case: 'passphraseFile', value: `${DEFAULT_DIR}/cs-passphrase` });

    const log = fs.readFileSync(t.logPath('configurator'), 'utf8');
    const secrets = path.join(t.sandbox.stateDir, 'secrets');
    const runs = log.split('\n').filter((line) => / runs UnifiedAgentConfigurator\.sh /.test(line));
    assert.equal(runs.length, 1, log);
    assert.ok(runs[0].includes(` -P ${secrets}${path.sep}`), `the configurator read mobilityd's copy: ${runs[0]}`);
    assert.ok(!log.includes(file), 'the host path never reached the configurator');
    assert.deepEqual(fs.readdirSync(secrets), [], 'the copy is gone');
    assert.equal(fs.readFileSync(file, 'utf8'), `${PASSPHRASE}\n`, 'the administrator’s file is untouched');
  });

  it('finding 2: folders added with passphraseDirs are accepted, and the refusal names every folder', async () => {
    await start({ passphraseDirs: [DEFAULT_DIR, '/srv/cs-passphrases'] });
    t.sandbox.write('/srv/cs-passphrases/MobSvc.passphrase', `${PASSPHRASE}\n`);
    const job = await t.finish((await t.register(fromFile('/srv/cs-passphrases/MobSvc.passphrase', '10.0.0.6'))).id);
    assert.equal(job.state, JobState.SUCCEEDED, job.message);
    assert.equal((await t.client.getStatus()).agent?.csEndpoint, '10.0.0.6');
    t.sandbox.write('/srv/other/MobSvc.passphrase', `${PASSPHRASE}\n`);
    await refused('/srv/other/MobSvc.passphrase', `${DEFAULT_DIR}, /srv/cs-passphrases`);
  });
});
