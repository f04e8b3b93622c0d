/** Unpacking a real tar.gz built here, into a fresh folder, with the failures a person can act on. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppError } from '../../server/core/errors/app-error';
import { extractPackage } from '../../server/core/install/package-extraction';

const PACKAGE = 'Microsoft-ASR_UA_9.30.0.0_UBUNTU-20.04-64_GA_22Oct2019_release.tar.gz';

describe('package extraction', () => {
  let dir: string;
  let workDir: string;
  let logFile: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-extract-'));
    workDir = path.join(dir, 'state', 'work', 'job-1');
    logFile = path.join(dir, 'logs', 'installer.log');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Builds a tar.gz holding the given files (relative path → content). */
  function buildPackage(files: Record<string, string>, name = PACKAGE): string {
    const source = path.join(dir, 'source');
    fs.rmSync(source, { recursive: true, force: true });
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(source, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { mode: 0o755 });
    }
    const archive = path.join(dir, name);
    execFileSync('tar', ['-czf', archive, '-C', source, '.']);
    return archive;
  }

  it('unpacks into a fresh folder of the job, keeping modes', async () => {
    const packagePath = buildPackage({ install: '#!/bin/bash\nexit 0\n', 'bin/helper.sh': 'echo hi\n' });
    const stale = path.join(workDir, 'package', 'from-an-earlier-attempt');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'old');

    const extracted = await extractPackage({ packagePath, workDir, os: 'linux', logFile });

    assert.equal(extracted, path.join(workDir, 'package'));
    assert.equal(fs.readFileSync(path.join(extracted, 'install'), 'utf8'), '#!/bin/bash\nexit 0\n');
    assert.ok(fs.statSync(path.join(extracted, 'install')).mode & 0o100, 'install stays executable');
    assert.ok(fs.existsSync(path.join(extracted, 'bin', 'helper.sh')));
    assert.ok(!fs.existsSync(stale), 'the folder was emptied first');
    assert.ok(fs.existsSync(logFile), 'the log exists even when tar says nothing');
  });

  it('fails with failed_precondition, tar exit code and message for a damaged package', async () => {
    const packagePath = path.join(dir, PACKAGE);
    fs.writeFileSync(packagePath, 'this is not gzip data');
    await assert.rejects(extractPackage({ packagePath, workDir, os: 'linux', logFile }), (err: AppError) => {
      assert.equal(err.code, 'failed_precondition');
      assert.ok(err.message.includes(PACKAGE), err.message);
      assert.match(err.message, /with tar failed \(exit code 2\)/);
      assert.match(err.message, /it said: .*tar/i);
      assert.match(err.message, /upload it again/);
      return true;
    });
    assert.match(fs.readFileSync(logFile, 'utf8'), /^\S+Z .*gzip/m, "tar's complaint is in the log");
  });

  it('fails with failed_precondition when the package holds no install program', async () => {
    const packagePath = buildPackage({ 'README.txt': 'not an installer\n' });
    await assert.rejects(extractPackage({ packagePath, workDir, os: 'linux', logFile }), (err: AppError) => {
      assert.equal(err.code, 'failed_precondition');
      assert.match(err.message, /without install at its top level/);
      return true;
    });
  });

  it('throws the abort reason when the job is cancelled', async () => {
    const packagePath = buildPackage({ install: '#!/bin/bash\n' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      extractPackage({ packagePath, workDir, os: 'linux', logFile, signal: controller.signal }),
      (err: Error) => err.name === 'AbortError',
    );
  });
});
