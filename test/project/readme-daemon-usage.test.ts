/** The README shows mobilityd's options as `mobilityd --help` prints them, so the two cannot drift apart. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { USAGE } from '../../server/daemon/daemon-options';
import { REPO_ROOT } from '../helpers/repo-root';

describe('README: mobilityd --help', () => {
  it('is exactly the usage text mobilityd prints', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('$ mobilityd --help\n');
    assert.ok(start >= 0, 'the README shows `$ mobilityd --help`');
    const body = readme.slice(start + '$ mobilityd --help\n'.length, readme.indexOf('```', start));
    assert.equal(body.trimEnd(), USAGE.trimEnd());
  });
});
