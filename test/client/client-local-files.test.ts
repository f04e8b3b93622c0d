/**
 * Local files the client reads for a call: a passphrase file (Register) and an
 * installer package (UploadPackage). Their problems are LocalFileErrors that
 * name the file and say why, before anything is sent.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFileError } from '../../client/errors/local-file-error';
import { inspectPackageFile, packageChunks } from '../../client/packages/package-file';
import { readPassphraseFile } from '../../client/registration/passphrase-file';

describe('client: local files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-local-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a passphrase file: one trailing newline dropped; empty or huge files refused', async () => {
    const file = path.join(dir, 'p');
    fs.writeFileSync(file, 'secret value\n');
    assert.equal(await readPassphraseFile(file), 'secret value');
    fs.writeFileSync(file, 'crlf\r\n');
    assert.equal(await readPassphraseFile(file), 'crlf');
    fs.writeFileSync(file, '\n');
    await assert.rejects(readPassphraseFile(file), /is empty/);
    fs.writeFileSync(file, 'x'.repeat(70_000));
    await assert.rejects(readPassphraseFile(file), /is one short line/);
    await assert.rejects(readPassphraseFile(path.join(dir, 'missing')), /no such file/);
    await assert.rejects(readPassphraseFile(dir), /not a regular file/);
  });

  it('an installer package: its name checked first, hashed, then streamed in chunks of the size it had', async () => {
    const refusals: [string, RegExp][] = [
      ['agent.tar.gz', /^package name "agent\.tar\.gz" is not an installer file name: .*; rename the file before pushing it$/],
      ['Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz', /^cannot read .*: no such file$/],
    ];
    for (const [name, message] of refusals) {
      await assert.rejects(inspectPackageFile(path.join(dir, name)), (err: unknown) => err instanceof LocalFileError && message.test(err.message));
    }
    const file = path.join(dir, 'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz');
    fs.writeFileSync(file, 'content');
    const local = await inspectPackageFile(file);
    assert.deepEqual([local.name, local.sizeBytes, local.sha256], [path.basename(file), 7, 'ed7002b439e9ac845f22357d822bac1444730fbdb6016d3ec9432297b9ec9f73']);
    fs.appendFileSync(file, ' grown since');
    const read = async () => {
      for await (const chunk of packageChunks(local)) void chunk;
    };
    await assert.rejects(read(), (err: unknown) => err instanceof LocalFileError && /changed while it was being pushed \(7 bytes when hashed, 19 now\)/.test(err.message));
  });
});
