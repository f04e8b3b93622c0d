import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenStore } from '../../server/core/access/token-store';
import { generateToken, hashToken } from '../../server/core/access/token-secret';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { runAdminCommand } from '../helpers/admin-command';

describe('token store', () => {
  let dir: string;
  let file: string;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-tokens-'));
    file = path.join(dir, 'tokens.json');
    warnings.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function create(name: string, role: string, ...more: string[]): Promise<string> {
    const result = await runAdminCommand(runTokenCommand, ['create', '--tokens', file, '--name', name, '--role', role, ...more]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim();
  }

  function writeEntries(entries: object[]): void {
    fs.writeFileSync(file, JSON.stringify({ version: 1, tokens: entries }), { mode: 0o600 });
  }

  it('accepts a token `mobilityd token create` printed, with its name, role and expiry', async () => {
    const ci = await create('ci', 'operator', '--expires', '2099-01-01');
    const alice = await create('alice@ops', 'viewer');
    const store = new TokenStore(file, { warn });
    assert.deepEqual(store.check(ci), { ok: true, name: 'ci', role: 'operator', expires: new Date('2099-01-01T00:00:00Z') });
    assert.deepEqual(store.check(alice), { ok: true, name: 'alice@ops', role: 'viewer' });
    assert.deepEqual(warnings, []);
  });

  it('refuses a token it does not know, an empty one and an oversized one as unknown, naming no one', async () => {
    const ci = await create('ci', 'operator');
    const store = new TokenStore(file, { warn });
    for (const token of [generateToken(), '', ci.slice(0, -1), `${ci}x`, ` ${ci}`, 'x'.repeat(100_000)]) {
      assert.deepEqual(store.check(token), { ok: false, reason: 'unknown' });
    }
  });

  it('tells an expired token and a revoked one from an unknown one, by name', () => {
    const [old, gone] = [generateToken(), generateToken()];
    writeEntries([
      { name: 'old', role: 'operator', hash: hashToken(old), created: '2020-01-01T00:00:00Z', expires: '2021-01-01T00:00:00Z' },
      { name: 'gone', role: 'viewer', hash: hashToken(gone), created: '2020-01-01T00:00:00Z', revoked: '2020-06-01T00:00:00Z' },
    ]);
    const store = new TokenStore(file, { warn });
    assert.deepEqual(store.check(old), { ok: false, reason: 'expired', name: 'old' });
    assert.deepEqual(store.check(gone), { ok: false, reason: 'revoked', name: 'gone' });
  });

  it('lets a token expire while mobilityd runs', async () => {
    const ci = await create('ci', 'operator', '--expires', '90m');
    let now = Date.now();
    const store = new TokenStore(file, { warn, now: () => now });
    assert.equal(store.check(ci).ok, true);
    now += 91 * 60_000;
    assert.deepEqual(store.check(ci), { ok: false, reason: 'expired', name: 'ci' });
  });

  it('sees a revocation and a new token on the very next check, without a restart', async () => {
    const ci = await create('ci', 'operator');
    const store = new TokenStore(file, { warn });
    assert.equal(store.check(ci).ok, true);
    assert.equal((await runAdminCommand(runTokenCommand, ['revoke', '--tokens', file, 'ci'])).code, 0);
    assert.deepEqual(store.check(ci), { ok: false, reason: 'revoked', name: 'ci' });
    const next = await create('ci', 'viewer');
    assert.deepEqual(store.check(next), { ok: true, name: 'ci', role: 'viewer' });
    assert.deepEqual(store.check(ci), { ok: false, reason: 'revoked', name: 'ci' });
  });

  it('sees changes to a file last changed long ago once the file system reports them, by rename and in place', async () => {
    const token = generateToken();
    const entry = { name: 'ci', role: 'viewer', hash: hashToken(token), created: '2020-01-01T00:00:00Z' };
    writeEntries([entry]);
    let reported = () => {};
    const nextReport = () => new Promise<void>((resolve) => (reported = resolve));
    // A clock an hour ahead: the file looks settled, so it is looked at only when reported changed.
    const store = new TokenStore(file, { warn, now: () => Date.now() + 3_600_000, onFileEvent: () => reported() });
    try {
      assert.deepEqual(store.check(token), { ok: true, name: 'ci', role: 'viewer' });

      let seen = nextReport();
      const replacement = path.join(dir, 'tokens.json.new');
      fs.writeFileSync(replacement, JSON.stringify({ version: 1, tokens: [{ ...entry, role: 'operator' }] }));
      fs.renameSync(replacement, file);
      await seen;
      assert.deepEqual(store.check(token), { ok: true, name: 'ci', role: 'operator' });

      seen = nextReport();
      fs.writeFileSync(file, JSON.stringify({ version: 1, tokens: [{ ...entry, revoked: '2020-02-01T00:00:00Z' }] }));
      await seen;
      assert.deepEqual(store.check(token), { ok: false, reason: 'revoked', name: 'ci' });
    } finally {
      store.close();
    }
  });

  it('keeps the last good tokens when the file turns malformed, says so once, and says when it is valid again', async () => {
    const ci = await create('ci', 'operator');
    const store = new TokenStore(file, { warn });
    fs.writeFileSync(file, '{"version": 1, "tokens": [');
    assert.equal(store.check(ci).ok, true);
    assert.equal(store.check(ci).ok, true);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /the token file .*tokens\.json is not valid: it is not JSON/);
    assert.match(warnings[0], /keeps the tokens it read last \(1 token\(s\), read at /);

    writeEntries([{ name: 'ci', role: 'operator', hash: hashToken(ci), created: '2020-01-01T00:00:00Z', expiry: '2021-01-01' }]);
    assert.equal(store.check(ci).ok, true);
    assert.equal(warnings.length, 2);
    assert.match(warnings[1], /token 1 \("ci"\): unknown key "expiry"/);

    writeEntries([{ name: 'ci', role: 'viewer', hash: hashToken(ci), created: '2020-01-01T00:00:00Z' }]);
    assert.deepEqual(store.check(ci), { ok: true, name: 'ci', role: 'viewer' });
    assert.equal(warnings.length, 3);
    assert.match(warnings[2], /is valid again: 1 token\(s\) read/);
  });

  it('accepts no token while the file is missing, and accepts them again once it is back', async () => {
    const ci = await create('ci', 'operator');
    const store = new TokenStore(file, { warn });
    const kept = path.join(dir, 'kept.json');
    fs.renameSync(file, kept);
    assert.deepEqual(store.check(ci), { ok: false, reason: 'unreadable' });
    assert.deepEqual(store.check(generateToken()), { ok: false, reason: 'unreadable' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /tokens\.json cannot be read \(it does not exist\): no bearer token is accepted until it is back/);
    fs.renameSync(kept, file);
    assert.equal(store.check(ci).ok, true);
    assert.match(warnings[1], /is valid again/);
  });

  it('refuses to start on a missing or malformed file, saying what is wrong and how to fix it', () => {
    const refusal = (text: string | undefined): string => {
      if (text !== undefined) fs.writeFileSync(file, text);
      try {
        new TokenStore(file, { warn }).close();
      } catch (err) {
        return (err as Error).message;
      }
      assert.fail(`a token file of ${JSON.stringify(text)} was accepted`);
    };
    const hash = hashToken(generateToken());
    const entry = { name: 'ci', role: 'operator', hash, created: '2020-01-01T00:00:00Z' };
    const file1 = (tokens: object[], extra = {}) => JSON.stringify({ version: 1, tokens, ...extra });

    assert.match(refusal(undefined), /tokens\.json does not exist; create it with: mobilityd token create --tokens .*tokens\.json --name NAME --role operator/);
    assert.match(refusal(''), /is not valid: it is not JSON/);
    assert.match(refusal('[]'), /should be a JSON object like \{"version": 1, "tokens": \[\.\.\.\]\}/);
    assert.match(refusal(JSON.stringify({ version: 2, tokens: [] })), /"version" is "2"; this mobilityd reads version 1/);
    assert.match(refusal(file1([], { token: [] })), /unknown key "token"/);
    assert.match(refusal(JSON.stringify({ version: 1 })), /"tokens" should be a list/);
    assert.match(refusal(file1([{ ...entry, role: 'admin' }])), /token 1 \("ci"\): "role" should be one of viewer, operator/);
    assert.match(refusal(file1([{ ...entry, name: 'a b' }])), /"name" should be 1 to 64 characters/);
    assert.match(refusal(file1([{ ...entry, hash: generateToken() }])), /"hash" should be "sha256:" and 64 lower-case hex digits .*never put a token itself here/);
    assert.match(refusal(file1([{ ...entry, expires: 'next week' }])), /"expires" should be an ISO 8601 time such as 2026-12-31T00:00:00Z \(or absent\), not "next week"/);
    assert.match(refusal(file1([{ ...entry, created: undefined }])), /"created" should be an ISO 8601 time/);
    assert.match(refusal(file1([entry, { ...entry, hash: hashToken(generateToken()) }])), /two tokens named "ci" are not revoked/);
    assert.match(refusal(file1([entry, { ...entry, name: 'other' }])), /two entries have the same hash/);
    fs.rmSync(file);
    fs.mkdirSync(file);
    assert.match(refusal(undefined), /tokens\.json cannot be read: it is a folder/);
  });

  it('accepts a revoked name used again by a new token', () => {
    const [old, next] = [generateToken(), generateToken()];
    writeEntries([
      { name: 'ci', role: 'operator', hash: hashToken(old), created: '2020-01-01T00:00:00Z', revoked: '2020-02-01T00:00:00Z' },
      { name: 'ci', role: 'operator', hash: hashToken(next), created: '2020-02-01T00:00:00Z' },
    ]);
    const store = new TokenStore(file, { warn });
    assert.equal(store.check(old).ok, false);
    assert.equal(store.check(next).ok, true);
  });

  it('warns that a file others may write lets them give themselves any role', async () => {
    await create('ci', 'viewer');
    fs.chmodSync(file, 0o666);
    new TokenStore(file, { warn }).close();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /tokens\.json is writable by every user \(mode 666\): whoever can write it can give themselves any role; chmod 600 /);
  });
});
