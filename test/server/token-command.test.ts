import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenStore } from '../../server/core/access/token-store';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { parseExpiry } from '../../server/daemon/commands/token-expiry';
import { runAdminCommand } from '../helpers/admin-command';
import { runDaemonSource } from '../helpers/run-daemon-source';

const TOKEN_LINE = /^mobility_[A-Za-z0-9_-]{43}\n$/;

describe('mobilityd token', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-token-command-'));
    file = path.join(dir, 'tokens.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const token = (...argv: string[]) => runAdminCommand(runTokenCommand, argv);

  async function create(name: string, role = 'operator', ...more: string[]): Promise<string> {
    const result = await token('create', '--tokens', file, '--name', name, '--role', role, ...more);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim();
  }

  describe('as mobilityd runs it', function () {
    // Each run starts mobilityd from its sources under tsx: seconds on a busy machine.
    this.timeout(60_000);

    it('creates, lists and revokes: the token is printed once, alone on stdout, and the file holds only its hash', async () => {
      const nested = path.join(dir, 'etc', 'mobilityd', 'tokens.json');
      const created = await runDaemonSource(['token', 'create', '--tokens', nested, '--name', 'ci', '--role', 'operator', '--expires', '30d']);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, TOKEN_LINE);
      assert.match(created.stderr, /created operator token ci in .*etc\/mobilityd\/tokens\.json; it expires at \d{4}-\d\d-\d\dT.*shown only this once/);
      const secret = created.stdout.trim();
      assert.ok(!created.stderr.includes(secret), 'the token is not repeated on stderr');
      assert.equal(fs.statSync(nested).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(nested)).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dir, 'etc')).mode & 0o777, 0o700);
      const text = fs.readFileSync(nested, 'utf8');
      assert.ok(!text.includes(secret) && !text.includes(secret.slice('mobility_'.length)), 'the file does not hold the token');

      const store = new TokenStore(nested, { warn: assert.fail });
      assert.equal(store.check(secret).ok, true);

      const listed = await runDaemonSource(['token', 'list', '--tokens', nested]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /^NAME +ROLE +STATE +CREATED +EXPIRES +REVOKED\nci +operator +active +\d{4}-\S+Z +\d{4}-\S+Z +-\n$/);

      const revoked = await runDaemonSource(['token', 'revoke', '--tokens', nested, 'ci']);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal(revoked.stdout, 'revoked operator token ci: mobilityd refuses it from now on\n');
      assert.deepEqual(store.check(secret), { ok: false, reason: 'revoked', name: 'ci' });
      store.close();
    });

    it('keeps every token when several create commands run at once', async () => {
      const names = ['a', 'b', 'c'];
      const results = await Promise.all(names.map((name) => runDaemonSource(['token', 'create', '--tokens', file, '--name', name, '--role', 'viewer'])));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const store = new TokenStore(file, { warn: assert.fail });
      assert.deepEqual(
        results.map((result) => store.check(result.stdout.trim())),
        names.map((name) => ({ ok: true, name, role: 'viewer' })),
      );
      assert.deepEqual(fs.readdirSync(dir), ['tokens.json'], 'no temporary or lock file is left');
    });
  });

  describe('create', () => {
    it('refuses a name already in use until that token is revoked', async () => {
      await create('ci');
      const taken = await token('create', '--tokens', file, '--name', 'ci', '--role', 'viewer');
      assert.equal(taken.code, 1);
      assert.equal(taken.stdout, '');
      assert.match(taken.stderr, /a token named ci already exists in .*\(operator, active, created .*\); revoke it first \(mobilityd token revoke --tokens .* ci\) or choose another name/);
      assert.equal((await token('revoke', '--tokens', file, 'ci')).code, 0);
      await create('ci', 'viewer');
    });

    it('explains a bad role, name or expiry, and a missing flag, with exit code 2 and nothing written', async () => {
      const cases: [string[], RegExp][] = [
        [['--name', 'ci', '--role', 'admin'], /--role "admin" is not a role: give --role viewer or operator \(viewer reads .*; operator may also install/],
        [['--name', 'ci'], /--role is missing/],
        [['--role', 'viewer'], /--name is missing: .* e\.g\. --name ci/],
        [['--name', '.ci', '--role', 'viewer'], /--name "\.ci" is not a token name: 1 to 64 characters: letters, digits and \. _ @ -/],
        [['--name', 'ci/../x', '--role', 'viewer'], /is not a token name/],
        [['--name', 'x'.repeat(65), '--role', 'viewer'], /is not a token name/],
        [['--name', 'ci', '--role', 'viewer', '--expires', 'soon'], /--expires "soon" is not a lifetime or a date: e\.g\. 90m, 12h, 30d/],
        [['--name', 'ci', '--role', 'viewer', '--expires', '2020-01-01'], /--expires 2020-01-01 \(2020-01-01T00:00:00\.000Z\) is already past/],
        [['--name', 'ci', '--role', 'viewer', '--expires', '2099-02-30'], /--expires "2099-02-30" is not a real date/],
        [['--name', 'ci', '--role', 'viewer', '--json'], /create does not take --json/],
        [['--name', 'ci', '--role', 'viewer', 'extra'], /unexpected argument "extra"/],
      ];
      for (const [argv, message] of cases) {
        const result = await token('create', '--tokens', file, ...argv);
        assert.equal(result.code, 2, argv.join(' '));
        assert.equal(result.stdout, '', argv.join(' '));
        assert.match(result.stderr, message, argv.join(' '));
        assert.match(result.stderr, /\(mobilityd token --help\)\n$/);
      }
      const noFile = await token('create', '--name', 'ci', '--role', 'viewer');
      assert.equal(noFile.code, 2);
      assert.match(noFile.stderr, /name the token file: --tokens FILE .* or --config FILE whose authTokens names it/);
      assert.equal(fs.existsSync(file), false);
    });

    it('stores the expiry it was given: a date is 00:00 UTC that day', async () => {
      await create('dated', 'viewer', '--expires', '2099-12-31');
      const before = Date.now();
      await create('hours', 'viewer', '--expires', '12h');
      const after = Date.now();
      const entries = JSON.parse(fs.readFileSync(file, 'utf8')).tokens;
      assert.equal(entries[0].expires, '2099-12-31T00:00:00.000Z');
      const expires = Date.parse(entries[1].expires);
      assert.ok(expires >= before + 12 * 3_600_000 && expires <= after + 12 * 3_600_000, entries[1].expires);
    });

    it('refuses to write over a malformed file, and keeps a replaced file\'s mode', async () => {
      fs.writeFileSync(file, '{"version": 1, "tokens": [}');
      const result = await token('create', '--tokens', file, '--name', 'ci', '--role', 'viewer');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /the token file .* is not valid: it is not JSON/);
      assert.equal(fs.readFileSync(file, 'utf8'), '{"version": 1, "tokens": [}');

      fs.writeFileSync(file, JSON.stringify({ version: 1, tokens: [] }));
      fs.chmodSync(file, 0o640);
      await create('ci');
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    });

    it('keeps every token when many creates run at once in one process', async () => {
      const names = Array.from({ length: 8 }, (_, i) => `ci-${i}`);
      const tokens = await Promise.all(names.map((name) => create(name)));
      const store = new TokenStore(file, { warn: assert.fail });
      assert.deepEqual(tokens.map((t) => store.check(t)), names.map((name) => ({ ok: true, name, role: 'operator' })));
    });

    it('names a lock left by a command that was killed, instead of waiting for it forever', async () => {
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      fs.writeFileSync(`${file}.lock`, `${dead}\n`);
      const result = await token('create', '--tokens', file, '--name', 'ci', '--role', 'viewer');
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`tokens\\.json\\.lock was left by process ${dead}, which no longer runs .* remove .*tokens\\.json\\.lock, and run the command again`));
      assert.equal(fs.existsSync(file), false);
    });

    it('finds the token file through the config file\'s authTokens, relative to it', async () => {
      const config = path.join(dir, 'mobilityd.json');
      fs.writeFileSync(config, JSON.stringify({ authTokens: 'secrets/tokens.json' }));
      const result = await token('create', '--config', config, '--name', 'ci', '--role', 'viewer');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(new TokenStore(path.join(dir, 'secrets', 'tokens.json')).check(result.stdout.trim()).ok, true);
      fs.writeFileSync(config, JSON.stringify({ listen: '127.0.0.1:1' }));
      const missing = await token('list', '--config', config);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /has no "authTokens" .*; add it, or give --tokens FILE/);
    });
  });

  describe('list', () => {
    it('shows names, roles, states and times, never a token or a hash', async () => {
      const secret = await create('ci', 'operator', '--expires', '2099-01-01');
      await create('old', 'viewer');
      await token('revoke', '--tokens', file, 'old');
      const table = await token('list', '--tokens', file);
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^NAME +ROLE +STATE +CREATED +EXPIRES +REVOKED$/);
      assert.match(lines[1], /^ci +operator +active +\S+Z +2099-01-01T00:00:00Z +-$/);
      assert.match(lines[2], /^old +viewer +revoked +\S+Z +never +\d{4}-\S+Z$/);
      const json = await token('list', '--tokens', file, '--json');
      const listed = JSON.parse(json.stdout);
      assert.equal(listed.file, file);
      assert.deepEqual(
        listed.tokens.map((t: Record<string, unknown>) => Object.keys(t)),
        [['name', 'role', 'state', 'created', 'expires'], ['name', 'role', 'state', 'created', 'revoked']],
      );
      for (const output of [table.stdout, json.stdout]) {
        assert.ok(!output.includes(secret) && !output.includes('sha256'), output);
      }
    });

    it('says so when the file holds no tokens or does not exist', async () => {
      fs.writeFileSync(file, JSON.stringify({ version: 1, tokens: [] }));
      const empty = await token('list', '--tokens', file);
      assert.deepEqual([empty.code, empty.stdout], [0, '']);
      assert.match(empty.stderr, /holds no tokens \(mobilityd token create adds one\)/);
      const none = await token('list', '--tokens', path.join(dir, 'none.json'));
      assert.equal(none.code, 1);
      assert.match(none.stderr, /none\.json does not exist; mobilityd token create --tokens .* makes it/);
    });
  });

  describe('revoke', () => {
    it('names the tokens there are when asked for one that is not', async () => {
      await create('ci');
      await create('alice', 'viewer');
      const result = await token('revoke', '--tokens', file, '--name', 'bob');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /has no token named "bob"; the names there: ci, alice/);
    });

    it('succeeds again on a token already revoked, changing nothing', async () => {
      await create('ci');
      assert.equal((await token('revoke', '--tokens', file, '--name', 'ci')).code, 0);
      const before = fs.readFileSync(file, 'utf8');
      const again = await token('revoke', '--tokens', file, 'ci');
      assert.equal(again.code, 0);
      assert.match(again.stderr, /token ci was already revoked at \d{4}-\S+Z; nothing changed/);
      assert.equal(fs.readFileSync(file, 'utf8'), before);
    });

    it('explains a missing name, two names and a missing file', async () => {
      const noName = await token('revoke', '--tokens', file);
      assert.equal(noName.code, 2);
      assert.match(noName.stderr, /name the token to revoke: mobilityd token revoke --tokens FILE NAME/);
      const two = await token('revoke', '--tokens', file, '--name', 'a', 'b');
      assert.equal(two.code, 2);
      assert.match(two.stderr, /two names given/);
      const absent = path.join(dir, 'nowhere', 'tokens.json');
      const missing = await token('revoke', '--tokens', absent, 'ci');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /does not exist, so it has no token "ci" to revoke/);
      assert.equal(fs.existsSync(path.dirname(absent)), false, 'no folder is made for a file that is not there');
    });
  });

  it('prints its help with --help, and a usage error without a known subcommand', async () => {
    const help = await token('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: mobilityd token create --tokens FILE --name NAME --role viewer\|operator/);
    assert.equal((await token('create', '--help')).code, 0);
    for (const argv of [[], ['rotate']]) {
      const result = await token(...argv);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /create, list or revoke\n\nUsage: /);
    }
  });

  it('reads --expires as a lifetime from now or a moment', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseExpiry('90m', now).toISOString(), '2026-01-01T01:30:00.000Z');
    assert.equal(parseExpiry('12h', now).toISOString(), '2026-01-01T12:00:00.000Z');
    assert.equal(parseExpiry('30d', now).toISOString(), '2026-01-31T00:00:00.000Z');
    assert.equal(parseExpiry('2w', now).toISOString(), '2026-01-15T00:00:00.000Z');
    assert.equal(parseExpiry('2026-12-31', now).toISOString(), '2026-12-31T00:00:00.000Z');
    assert.equal(parseExpiry('2026-06-01T12:00:00+02:00', now).toISOString(), '2026-06-01T10:00:00.000Z');
    for (const bad of ['0d', '30', 'd', '1y', '-1d', '2026-06-01T12:00:00', '31/12/2026', '']) {
      assert.throws(() => parseExpiry(bad, now), /is not a lifetime or a date/, bad);
    }
  });
});
