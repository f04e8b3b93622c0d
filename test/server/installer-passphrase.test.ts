/** The private passphrase file: created 0600 in a 0700 folder, always removed, swept after a crash. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppError } from '../../server/core/errors/app-error';
import { secretsDir, sweepPassphraseFiles, withPassphraseFile } from '../../server/core/register/passphrase-file';

const PASSPHRASE = 'Zx9-very-secret-passphrase';

describe('passphrase file', () => {
  let stateDir: string;

  beforeEach(() => {
    stateDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-secrets-')), 'state');
  });

  afterEach(() => fs.rmSync(path.dirname(stateDir), { recursive: true, force: true }));

  it('holds the passphrase in a 0600 file in a 0700 folder while the work runs, then deletes it', async () => {
    let seen = '';
    const value = await withPassphraseFile(stateDir, PASSPHRASE, async (file) => {
      seen = file;
      assert.equal(path.dirname(file), secretsDir(stateDir));
      assert.match(path.basename(file), /^[0-9a-f]{32}\.passphrase$/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
      assert.equal(fs.readFileSync(file, 'utf8'), PASSPHRASE);
      return 42;
    });
    assert.equal(value, 42);
    assert.ok(seen);
    assert.ok(!fs.existsSync(seen), 'deleted after success');
  });

  it('deletes the file when the work throws, and passes the error on unchanged', async () => {
    let seen = '';
    const failure = new Error('configurator could not start');
    await assert.rejects(
      withPassphraseFile(stateDir, PASSPHRASE, async (file) => {
        seen = file;
        throw failure;
      }),
      (err) => err === failure,
    );
    assert.ok(seen);
    assert.ok(!fs.existsSync(seen), 'deleted after a throw');
    assert.deepEqual(fs.readdirSync(secretsDir(stateDir)), []);
  });

  it('tightens an existing secrets folder to 0700', async () => {
    fs.mkdirSync(secretsDir(stateDir), { recursive: true, mode: 0o755 });
    fs.chmodSync(secretsDir(stateDir), 0o755);
    await withPassphraseFile(stateDir, PASSPHRASE, async () => {
      assert.equal(fs.statSync(secretsDir(stateDir)).mode & 0o777, 0o700);
    });
  });

  it('never puts the passphrase in an error', async () => {
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(secretsDir(stateDir), 'a file where the folder should be');
    let ran = false;
    await assert.rejects(
      withPassphraseFile(stateDir, PASSPHRASE, async () => {
        ran = true;
      }),
      (err: AppError) => {
        assert.ok(err instanceof AppError);
        assert.ok(!err.message.includes(PASSPHRASE));
        assert.ok(!String(err.stack).includes(PASSPHRASE));
        assert.ok(err.message.includes(secretsDir(stateDir)));
        return true;
      },
    );
    assert.equal(ran, false);
  });

  it('refuses an empty passphrase', async () => {
    await assert.rejects(
      withPassphraseFile(stateDir, '', async () => undefined),
      (err: AppError) => err.code === 'invalid_argument',
    );
  });

  it('sweeps files left by a crash, and only those', async () => {
    const dir = secretsDir(stateDir);
    fs.mkdirSync(dir, { recursive: true });
    const left = ['0123456789abcdef0123456789abcdef.passphrase', 'fedcba9876543210fedcba9876543210.passphrase'];
    for (const name of left) fs.writeFileSync(path.join(dir, name), PASSPHRASE, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'README'), 'not ours to delete');
    assert.equal(await sweepPassphraseFiles(stateDir), 2);
    assert.deepEqual(fs.readdirSync(dir), ['README']);
  });

  it('sweeps nothing when the folder does not exist yet', async () => {
    assert.equal(await sweepPassphraseFiles(stateDir), 0);
  });
});
