import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChangeFlag } from '../../server/core/files/change-flag';

describe('change flag (is a look at a file due?)', () => {
  let dir: string;
  let file: string;
  const flags: ChangeFlag[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-change-flag-'));
    file = path.join(dir, 'tokens.json');
    fs.writeFileSync(file, '{}');
  });
  afterEach(() => {
    for (const flag of flags.splice(0)) flag.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function flagOf(target: string, options: Partial<ConstructorParameters<typeof ChangeFlag>[1]> = {}): ChangeFlag {
    const flag = new ChangeFlag(target, { pollMs: 1000, ...options });
    flags.push(flag);
    return flag;
  }

  it('is up until the first look, then stays down while nothing happens and the poll is not due', () => {
    let now = 0;
    const flag = flagOf(file, { now: () => now });
    assert.equal(flag.up, true);
    flag.lower();
    assert.equal(flag.up, false);
    now += 999;
    assert.equal(flag.up, false);
  });

  it('rises when the file is written in place, replaced by a rename, or or removed', async () => {
    let reported = () => {};
    const nextReport = () => new Promise<void>((resolve) => (reported = resolve));
    const flag = flagOf(file, { now: () => 0, onEvent: () => reported() });
    const changes: [string, () => void][] = [
      ['written in place', () => fs.writeFileSync(file, '{"a":1}')],
      ['replaced by a rename', () => (fs.writeFileSync(`${file}.new`, '{"b":2}'), fs.renameSync(`${file}.new`, file))],
      ['removed', () => fs.rmSync(file)],
    ];
    for (const [what, change] of changes) {
      flag.lower();
      const seen = nextReport();
      change();
      await seen;
      assert.equal(flag.up, true, `not up after the file was ${what}`);
    }
  });

  it('rises once the poll is due, for changes the file system does not report', () => {
    let now = 0;
    const flag = flagOf(file, { now: () => now });
    flag.lower();
    now += 1000;
    assert.equal(flag.up, true);
    flag.lower();
    assert.equal(flag.up, false);
  });

  it('stays up, and says so once, where the folder cannot be watched', () => {
    const warnings: string[] = [];
    const flag = flagOf(path.join(dir, 'missing', 'tokens.json'), { now: () => 0, warn: (message) => warnings.push(message) });
    flag.lower();
    assert.equal(flag.up, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^cannot watch the folder of .*missing\/tokens\.json for changes \(.*ENOENT.*\); it is looked at on every call instead$/);
  });
});
