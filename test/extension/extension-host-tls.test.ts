/**
 * The "tls" key of mobility.hosts: every form people write is read as meant,
 * and a bad one skips the host (never a silent fall back to plain gRPC, which
 * would send its token in clear text); the token box refuses what is no token
 * without ever repeating it.
 */
import { strict as assert } from 'node:assert';
import { parseHostsSetting, sameConnection, withHostAdded } from '../../extension/src/model/host-settings';
import { parseTlsSetting, tlsSummary, trustsOnFirstUse } from '../../extension/src/model/host-tls';
import { tokenProblem } from '../../extension/src/model/validators';

const HEX = 'ab'.repeat(32);
const TCP = '10.0.0.4:50051';

describe('extension: the "tls" setting of a host', () => {
  it('reads true, false, a CA file, a pinned fingerprint and a client certificate', () => {
    assert.deepEqual(parseTlsSetting(undefined, TCP), {});
    assert.deepEqual(parseTlsSetting(false, TCP), {});
    assert.deepEqual(parseTlsSetting(true, TCP), { tls: {} });
    assert.deepEqual(parseTlsSetting({}, TCP), { tls: {} });
    assert.deepEqual(parseTlsSetting({ ca: '/etc/mobility/ca.crt' }, TCP), { tls: { ca: '/etc/mobility/ca.crt' } });
    assert.deepEqual(parseTlsSetting({ ca: '~/pki/ca.crt' }, TCP, '/home/eng'), { tls: { ca: '/home/eng/pki/ca.crt' } });
    // Pins as people copy them: any case, openssl's colons.
    const colons = HEX.toUpperCase().match(/../g)!.join(':');
    assert.deepEqual(parseTlsSetting({ fingerprint: `SHA256:${colons}` }, TCP), { tls: { fingerprint: `sha256:${HEX}` } });
    assert.deepEqual(parseTlsSetting({ cert: '/etc/c.crt', key: '/etc/c.key', fingerprint: `sha256:${HEX}` }, TCP), {
      tls: { cert: '/etc/c.crt', key: '/etc/c.key', fingerprint: `sha256:${HEX}` },
    });
  });

  it('says what is wrong with a bad one, and how to write it', () => {
    const problem = (value: unknown, address = TCP) => parseTlsSetting(value, address).problem ?? '';
    assert.match(problem('yes'), /"tls" must be true, false or an object; write "tls": true/);
    assert.match(problem({ token: 'x' }), /unknown key "token".*Set Host Token/);
    assert.match(problem({ ca: 'ca.crt' }), /"tls\.ca" "ca\.crt" is not an absolute path/);
    assert.match(problem({ ca: 7 }), /"tls\.ca" must be the path of a file/);
    assert.match(problem({ cert: '/c.crt', key: '-----BEGIN PRIVATE KEY-----\nMIG...' }), /"tls\.key" must be the path of a PEM file, not its contents/);
    assert.match(problem({ fingerprint: 'sha256:abc' }), /"tls\.fingerprint": "sha256:abc" is not a sha256 fingerprint \(it has 3 hex digits\)/);
    assert.match(problem({ cert: '/c.crt' }), /"tls\.cert" and "tls\.key" go together.*"tls\.key" is missing/);
    assert.match(problem({ ca: '/ca.crt', fingerprint: `sha256:${HEX}` }), /both "ca" and "fingerprint"; give one/);
    assert.match(problem(true, 'unix:///run/mobilityd/mobilityd.sock'), /TCP addresses only/);
    assert.ok(!problem({ cert: '/c.crt', key: '-----BEGIN PRIVATE KEY-----\nMIGsecret' }).includes('MIGsecret'), 'a pasted key is never repeated');
  });

  it('a host with a bad "tls" is skipped, never dialled without TLS', () => {
    const { hosts, problems } = parseHostsSetting([
      { name: 'web-01', address: '10.0.0.4', tls: { ca: 'relative.crt' } },
      { name: 'web-02', address: '10.0.0.5', tls: true },
    ]);
    assert.deepEqual(hosts, [{ name: 'web-02', address: '10.0.0.5:50051', tls: {} }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^mobility\.hosts\[0\] \(web-01\): "tls\.ca" "relative\.crt" is not an absolute path.*Skipped\.$/);
  });

  it('a token in an entry is refused, and never repeated', () => {
    const { hosts, problems } = parseHostsSetting([{ name: 'web-01', address: '10.0.0.4', tls: true, token: 'mobility_secret' }]);
    assert.deepEqual(hosts, [{ name: 'web-01', address: '10.0.0.4:50051', tls: {} }]);
    assert.match(problems[0], /"token" looks like a secret; secrets are never read from settings/);
    assert.ok(!problems.join().includes('mobility_secret'));
  });

  it('who decides trust: the engineer on first use only when neither a CA nor a fingerprint is given', () => {
    assert.equal(trustsOnFirstUse(undefined), false);
    assert.equal(trustsOnFirstUse({}), true);
    assert.equal(trustsOnFirstUse({ cert: '/c', key: '/k' }), true);
    assert.equal(trustsOnFirstUse({ ca: '/ca' }), false);
    assert.equal(trustsOnFirstUse({ fingerprint: `sha256:${HEX}` }), false);
    assert.equal(tlsSummary(undefined), 'plain gRPC (no TLS)');
    assert.equal(tlsSummary({}), 'TLS, trusting system CAs, or a certificate trusted on first use');
    assert.equal(tlsSummary({ ca: '/ca.crt', cert: '/c', key: '/k' }), 'TLS, trusting CA /ca.crt, client certificate /c');
  });

  it('a host keeps what is known about it only while it is dialled the same way', () => {
    const a = { name: 'web-01', address: TCP };
    assert.equal(sameConnection(a, { ...a }), true);
    assert.equal(sameConnection(a, { ...a, tls: {} }), false);
    assert.equal(sameConnection({ ...a, tls: { ca: '/x' } }, { ...a, tls: { ca: '/y' } }), false);
    assert.equal(sameConnection({ ...a, tls: { ca: '/x' } }, { name: 'renamed', address: TCP, tls: { ca: '/x' } }), true);
  });

  it('Add Host writes "tls": true when asked', () => {
    assert.deepEqual(withHostAdded([], 'web-01', '10.0.0.4', true), [{ name: 'web-01', address: '10.0.0.4:50051', tls: true }]);
    assert.deepEqual(withHostAdded([], 'local', '127.0.0.1'), [{ name: 'local', address: '127.0.0.1:50051' }]);
  });
});

describe('extension: the Set Host Token box', () => {
  const token = `mobility_${'A'.repeat(43)}`;

  it('takes a token as mobilityd token create prints it, with the spaces a paste brings', () => {
    assert.equal(tokenProblem(token), undefined);
    assert.equal(tokenProblem(` ${token} `), undefined);
  });

  it('refuses what is no token, saying why without repeating it', () => {
    const cases: [string, RegExp][] = [
      ['', /Paste the token "mobilityd token create" printed/],
      [`Bearer ${token}`, /without "Bearer "/],
      ['mobility_abc def', /no spaces/],
      ['mobility_é', /non-ASCII/],
      ['x'.repeat(300), /300 characters/],
      ['ghp_notOurs', /start with mobility_/],
    ];
    for (const [typed, expected] of cases) {
      const problem = tokenProblem(typed);
      assert.match(problem ?? '', expected, typed);
      if (typed.length > 3) assert.ok(!problem!.includes(typed.trim()), `the message repeats ${typed}`);
    }
  });
});
