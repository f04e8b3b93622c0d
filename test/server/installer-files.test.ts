/**
 * The readers of the agent's own files after an installer run (installer-contract.md, "What a job
 * reads after the installer"): only this job's part of ua_install.log, InstallerErrors.json's
 * entries (tolerant of unknown fields, malformed and huge files, and files from an earlier run),
 * and on Windows the ASRSetupLogs folder. Fixtures: test/fixtures/installer-logs/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InstallerFiles, linuxInstallerFiles, windowsInstallerFiles, type InstallerFileSet } from '../../server/core/install/installer-files';
import { parseInstallerErrors } from '../../server/core/install/installer-errors-file';
import { markFile, readSince } from '../../server/core/install/file-since';
import { REPO_ROOT } from '../helpers/repo-root';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'installer-logs');
const fixture = (name: string) => path.join(FIXTURES, name);

describe('installer files', () => {
  let root: string;
  let set: InstallerFileSet;
  const log = () => path.join(root, 'var', 'log', 'ua_install.log');
  const json = () => path.join(root, 'var', 'log', 'InstallerErrors.json');
  /** What the "installer" writes during the run: fixture files copied into <root>/var/log. */
  const write = (file: string, from: string) => fs.copyFileSync(from, file);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-installer-files-'));
    fs.mkdirSync(path.join(root, 'var', 'log'), { recursive: true });
    set = linuxInstallerFiles({ root, platform: 'linux' }, { file: 'install', args: ['-v', 'VmWare', '-q'] });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds ua_install.log and InstallerErrors.json under the host root, or the log -l names', () => {
    assert.deepEqual(set, { logs: [log()], errorsJson: json() });
    const other = linuxInstallerFiles({ root, platform: 'linux' }, { file: 'install', args: ['-q', '-l', '/elsewhere/agent.log'] });
    assert.deepEqual(other.logs, ['/elsewhere/agent.log']);
  });

  it('success: the log tail, no entries, and InstallerErrors.json reported as not written', async () => {
    const files = await InstallerFiles.mark(set);
    write(log(), fixture('success/ua_install.log'));
    const report = await files.read();
    assert.deepEqual(report.logsWritten, [log()]);
    assert.match(report.logTail.at(-1)!, /installed successfully/);
    assert.deepEqual(report.errors, []);
    assert.equal(report.errorsNote, 'InstallerErrors.json was not written during this job');
    assert.equal(report.vss, undefined, 'Linux has no VSS provider');
  });

  it('prerequisite failure: the two named failures with their messages and actions', async () => {
    const files = await InstallerFiles.mark(set);
    write(log(), fixture('prerequisite-failure/ua_install.log'));
    write(json(), fixture('prerequisite-failure/InstallerErrors.json'));
    const report = await files.read();
    assert.deepEqual(report.errors.map((e) => e.name), ['FreeDiskSpace', 'GrubDeviceNames']);
    assert.equal(report.errors[0].message, '/usr/local/ASR has 512 MB free; the agent needs at least 2048 MB');
    assert.equal(report.errors[1].action, 'Make GRUB refer to the disks by UUID, then install again');
    assert.equal(report.errorsNote, undefined);
  });

  it('reads only what this job appended to ua_install.log', async () => {
    fs.writeFileSync(log(), 'an earlier run: ERROR something old\n');
    const files = await InstallerFiles.mark(set);
    fs.appendFileSync(log(), fs.readFileSync(fixture('success/ua_install.log')));
    const report = await files.read();
    assert.ok(!report.logTail.some((l) => l.includes('something old')), report.logTail.join('\n'));
    assert.equal(report.logTail.length, 4);
  });

  it('ignores an InstallerErrors.json from a previous run, whether seen before the run or not', async () => {
    write(json(), fixture('previous-run/InstallerErrors.json'));
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(json(), hourAgo, hourAgo);
    const files = await InstallerFiles.mark(set);
    assert.deepEqual((await files.read()).errors, []);
    assert.equal((await readSince(json(), undefined, Date.now(), 1024)).state, 'earlier-run');
  });

  it('a rewritten InstallerErrors.json is read whole, not from the old size', async () => {
    write(json(), fixture('previous-run/InstallerErrors.json'));
    const files = await InstallerFiles.mark(set);
    fs.writeFileSync(json(), fs.readFileSync(fixture('prerequisite-failure/InstallerErrors.json')));
    assert.deepEqual((await files.read()).errors.map((e) => e.name), ['FreeDiskSpace', 'GrubDeviceNames']);
  });

  it('malformed JSON: no entries and a note saying so', async () => {
    const files = await InstallerFiles.mark(set);
    write(json(), fixture('malformed/InstallerErrors.json'));
    const report = await files.read();
    assert.deepEqual(report.errors, []);
    assert.match(report.errorsNote!, /^InstallerErrors\.json: the file is not valid JSON/);
  });

  it('unknown fields: names and messages under other spellings; other entries kept, non-objects dropped', async () => {
    const files = await InstallerFiles.mark(set);
    write(json(), fixture('unknown-fields/InstallerErrors.json'));
    assert.deepEqual((await files.read()).errors, [
      { name: '95524', message: 'Not enough free disk space', action: 'Free some space' },
      { name: 'unnamed error', message: 'no message in the entry' },
    ]);
  });

  it('huge files: the JSON is not parsed, the log is read only to its last 256 KiB', async () => {
    const files = await InstallerFiles.mark(set);
    const entry = JSON.stringify({ ErrorName: 'X', Message: 'y'.repeat(1000) });
    fs.writeFileSync(json(), `{"Errors":[${Array(3000).fill(entry).join(',')}]}`);
    const line = `${'filler '.repeat(20)}\n`;
    fs.writeFileSync(log(), `${line.repeat(60_000)}the last line\n`);
    const report = await files.read();
    assert.deepEqual(report.errors, []);
    assert.match(report.errorsNote!, /larger than 1048576 bytes and was not read/);
    assert.equal(report.logTail.at(-1), 'the last line');
    assert.equal(report.logTail.length, 12);
    const read = await readSince(log(), await markFile(path.join(root, 'nothing')), 0, 256 * 1024);
    assert.ok(read.truncated && read.text.length <= 256 * 1024 && read.bytes > 8_000_000);
  });

  it('no files at all: an empty report that says so', async () => {
    const report = await (await InstallerFiles.mark(set)).read();
    assert.deepEqual(report, { errors: [], logTail: [], logsWritten: [], errorsNote: 'InstallerErrors.json was not written during this job' });
  });
});

describe('InstallerErrors.json parsing', () => {
  it('takes a top-level list, a single entry object, and refuses other shapes with a reason', () => {
    assert.deepEqual(parseInstallerErrors('[{"Name":"A","Description":"b"}]').entries, [{ name: 'A', message: 'b' }]);
    assert.deepEqual(parseInstallerErrors('{"ErrorCode":95107,"ErrorMessage":"bad credentials"}').entries, [
      { name: '95107', message: 'bad credentials' },
    ]);
    assert.equal(parseInstallerErrors('"text"').problem, 'the file holds no list of error entries');
    assert.equal(parseInstallerErrors('  ').problem, 'the file is empty');
  });

  it('caps the entries it keeps and says how many were left out', () => {
    const parsed = parseInstallerErrors(JSON.stringify(Array.from({ length: 25 }, (_, i) => ({ Name: `E${i}` }))));
    assert.equal(parsed.entries.length, 20);
    assert.equal(parsed.problem, '5 more entries not shown');
  });
});

describe('Windows installer logs (ASRSetupLogs)', () => {
  let programData: string;
  const folder = () => path.join(programData, 'ASRSetupLogs');
  const copyInto = (name: string) => {
    for (const file of fs.readdirSync(fixture(name))) fs.copyFileSync(path.join(fixture(name), file), path.join(folder(), file));
  };

  beforeEach(() => {
    programData = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-programdata-'));
    fs.mkdirSync(folder());
  });
  afterEach(() => fs.rmSync(programData, { recursive: true, force: true }));

  it('takes the folder from the environment, and has none when the environment names none', () => {
    assert.deepEqual(windowsInstallerFiles({ ProgramData: programData }), {
      logs: [path.join(folder(), 'ASRUnifiedAgentInstaller.log')],
      logFolder: folder(),
    });
    assert.equal(windowsInstallerFiles({}), undefined);
  });

  it('finds a VSS provider failure with its documented exit code in the logs this job wrote', async () => {
    const files = await InstallerFiles.mark(windowsInstallerFiles({ ProgramData: programData })!);
    copyInto('windows-vss-failure');
    const report = await files.read();
    assert.equal(report.vss?.failed, true);
    assert.equal(report.vss?.exitCode, 517);
    assert.equal(report.logsWritten.length, 2, 'the installer log and the MSI log');
  });

  it('no VSS failure in a successful run; the configurator log is not the installer’s', async () => {
    const files = await InstallerFiles.mark(windowsInstallerFiles({ ProgramData: programData })!);
    copyInto('windows-success');
    const report = await files.read();
    assert.deepEqual(report.vss, { failed: false });
    assert.deepEqual(report.logsWritten, [path.join(folder(), 'ASRUnifiedAgentInstaller.log')]);
  });
});
