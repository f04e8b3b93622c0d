/**
 * `mobilityctl explain CODE`: every matching explanation, --family, --json, --list, the exit status
 * of an unknown code; and a failed job's output ending with what its exit code means and what to do.
 */
import * as assert from 'node:assert/strict';
import { EXPLANATIONS, explainCode, explainExit, type Explanation } from '../../contract/explanations';
import { assertNoStackTrace, requireBuiltCli, runCli } from '../helpers/cli-runner';
import { copySamplePackages, setSampleFaults } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

describe('mobilityctl explain', function () {
  requireBuiltCli();

  it('explains a push-install error ID: its meaning and what to do, exit 0, no daemon needed', async () => {
    const r = await runCli(['explain', '95107', '--host', '127.0.0.1:1']);
    assert.equal(r.code, 0, r.stderr);
    const [entry] = explainCode(95107);
    assert.equal(
      r.stdout,
      `95107 (push-install): ${entry.summary}\n  what it means: ${entry.meaning}\n  what to do:    ${entry.remedy}\n`,
    );
  });

  it('prints every family of an ambiguous code, the installer first; --family keeps one', async () => {
    const all = await runCli(['explain', '0']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(all.stdout.match(/^0 \((\S+)\)/gm), ['0 (installer)', '0 (configurator)']);
    const one = await runCli(['explain', '0', '--family', 'configurator']);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(one.stdout.match(/^0 \((\S+)\)/gm), ['0 (configurator)']);
  });

  it('--json prints the catalog entries as they are', async () => {
    const r = await runCli(['explain', '99', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout) as Explanation[], explainCode(99));
    assert.equal((JSON.parse(r.stdout) as Explanation[])[0].summary, 'prerequisites not met');
  });

  it('an unknown code exits 1 and points at --list', async () => {
    const r = await runCli(['explain', '4242']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'mobilityctl: no explanation for 4242; `mobilityctl explain --list` shows the known codes\n');
    const wrongFamily = await runCli(['explain', '14', '--family', 'vss']);
    assert.equal(wrongFamily.code, 1);
    assert.match(wrongFamily.stderr, /no explanation for 14 in the vss family/);
  });

  it('text that is no code, a missing code and an unknown family are usage errors (exit 2)', async () => {
    for (const [args, message] of [
      [['explain', 'abc'], /CODE must be a whole number such as 99 or 95107, not "abc"/],
      [['explain'], /name one code to explain/],
      [['explain', '99', '--family', 'msi'], /--family must be one of installer, configurator, vss, push-install, not "msi"/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Run `mobilityctl explain --help` for usage/);
      assertNoStackTrace(r);
    }
  });

  it('--list prints every known code; with --family only that family; with --json the entries', async () => {
    const list = await runCli(['explain', '--list']);
    assert.equal(list.code, 0, list.stderr);
    const rows = list.stdout.trimEnd().split('\n');
    assert.match(rows[0], /^CODE\s+FAMILY\s+VERDICT\s+SUMMARY$/);
    assert.equal(rows.length - 1, EXPLANATIONS.length);
    const vss = await runCli(['explain', '--list', '--family', 'vss']);
    assert.deepEqual(vss.stdout.trimEnd().split('\n').slice(1).map((row) => row.split(/\s+/)[0]), ['511', '512', '517', '802', '806']);
    const json = await runCli(['explain', '--list', '--json', '--family', 'push-install']);
    assert.equal((JSON.parse(json.stdout) as Explanation[]).length, 23);
  });

  it('is listed in `mobilityctl --help`', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /^ {2}explain\s+say what an exit code/m);
  });
});

describe('a failed job in mobilityctl ends with its exit code explained', function () {
  requireBuiltCli();
  const daemon = useTestDaemon();

  it('install with unmet prerequisites: the meaning, what to do and `mobilityctl explain 99`, last', async () => {
    await copySamplePackages(daemon().daemon.packages.dir);
    setSampleFaults(daemon().sandbox.root, ['prereq']);
    const r = await runCli(['install', '--role', 'MS', '--platform', 'VmWare', '--host', daemon().address]);
    assert.equal(r.code, 1, r.stderr);
    const entry = explainExit('install', 99);
    const tail = r.stdout.trimEnd().split('\n').slice(-3);
    assert.deepEqual(tail, [`  what it means: ${entry.meaning}`, `  what to do: ${entry.remedy}`, '  more: `mobilityctl explain 99`']);
    const id = /job (\S+) failed/.exec(r.stdout)?.[1];
    assert.ok(id, r.stdout);
    const detail = await runCli(['job', id, '--host', daemon().address]);
    assert.equal(detail.code, 0, detail.stderr);
    assert.match(detail.stdout, /Exit code explained\n {2}what it means\s+The installer checked/);
    assert.match(detail.stdout.trimEnd(), /more\s+`mobilityctl explain 99`$/);
  });
});
