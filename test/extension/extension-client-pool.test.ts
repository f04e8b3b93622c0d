/**
 * What each host is dialled with, and when its client is rebuilt: the TLS
 * files read (real files), the token from secret storage, the certificate
 * trusted on first use (only for hosts that leave trust to the engineer); one
 * client per host, reused until any of that changes.
 */
import { strict as assert } from 'node:assert';
import type { AgentControlClient } from '../../client/agent-control-client';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { loadConnectionSecurity } from '../../client/connection/security-files';
import { ClientPool } from '../../extension/src/model/client-pool';
import { ConnectionSettingsError } from '../../extension/src/model/host-errors';
import { resolveConnection, type HostConnection, type SecuritySources } from '../../extension/src/model/host-connection';
import type { HostEntry } from '../../extension/src/model/host-settings';
import type { TrustedCertificate } from '../../extension/src/model/trust-store';
import { testCertificates } from '../helpers/test-certificates';

const certs = testCertificates();
const ADDRESS = '10.0.0.4:50051';
const TOKEN = `mobility_${'t'.repeat(43)}`;
const TRUSTED: TrustedCertificate = { fingerprint: `sha256:${'c'.repeat(64)}`, subject: 'web-01', hostName: 'web-01', trustedAt: '2025-01-01T00:00:00Z' };

function sources(over: { token?: string; trusted?: TrustedCertificate } = {}): SecuritySources {
  return {
    token: () => Promise.resolve(over.token),
    trusted: (address) => (address === ADDRESS ? over.trusted : undefined),
    load: loadConnectionSecurity,
  };
}

describe('extension: what a host is dialled with', () => {
  it('plain without a token: nothing but the address', async () => {
    const c = await resolveConnection({ name: 'local', address: '127.0.0.1:50051' }, sources());
    assert.deepEqual(c.security, {});
    assert.equal(c.problem, undefined);
    assert.equal(c.trustOnFirstUse, false);
  });

  it('"tls": true: TLS, the token, and the certificate the engineer trusted, pinned', async () => {
    const host: HostEntry = { name: 'web-01', address: ADDRESS, tls: {} };
    const fresh = await resolveConnection(host, sources({ token: TOKEN }));
    assert.deepEqual(fresh.security, { tls: true, token: TOKEN });
    assert.equal(fresh.pin, undefined);
    assert.equal(fresh.trustOnFirstUse, true);
    const trusted = await resolveConnection(host, sources({ token: TOKEN, trusted: TRUSTED }));
    assert.deepEqual(trusted.security, { tls: true, tlsFingerprint: TRUSTED.fingerprint, token: TOKEN });
    assert.deepEqual(trusted.pin, { fingerprint: TRUSTED.fingerprint, source: 'trusted', trusted: TRUSTED });
    assert.notEqual(trusted.key, fresh.key);
    assert.ok(!fresh.key.includes(TOKEN) && !trusted.key.includes(TOKEN));
  });

  it('a CA file, a client certificate and a fingerprint from settings; what was trusted on first use does not override them', async () => {
    const withCa = await resolveConnection({ name: 'web-01', address: ADDRESS, tls: { ca: certs.ca.cert, cert: certs.alice.cert, key: certs.alice.key } }, sources({ trusted: TRUSTED }));
    assert.equal(withCa.problem, undefined);
    assert.match(withCa.security.tlsCa!.toString(), /BEGIN CERTIFICATE/);
    assert.ok(withCa.security.tlsCert && withCa.security.tlsKey);
    assert.equal(withCa.security.tlsFingerprint, undefined);
    assert.equal(withCa.pin, undefined);
    const pinned = await resolveConnection({ name: 'web-01', address: ADDRESS, tls: { fingerprint: certs.selfSigned.fingerprint } }, sources({ trusted: TRUSTED }));
    assert.deepEqual(pinned.pin, { fingerprint: certs.selfSigned.fingerprint, source: 'settings' });
  });

  it('a file that cannot be used is a problem naming the setting and the file', async () => {
    const notKey = await resolveConnection({ name: 'web-01', address: ADDRESS, tls: { cert: certs.alice.cert, key: certs.bob.key } }, sources());
    assert.match(notKey.problem!, /^"tls\.key" of web-01: the private key .*bob\.key does not belong to the client certificate .*alice\.crt$/);
    const notCa = await resolveConnection({ name: 'web-01', address: ADDRESS, tls: { ca: certs.alice.key } }, sources());
    assert.match(notCa.problem!, /^"tls\.ca" of web-01: the CA file .* holds no PEM certificate/);
  });
});

describe('extension: one client per host', () => {
  const made: { address: string; security: ConnectionSecurity; closed: boolean }[] = [];
  const fake = (address: string, security: ConnectionSecurity) => {
    const entry = { address, security, closed: false };
    made.push(entry);
    return { address, close: () => (entry.closed = true) } as unknown as AgentControlClient;
  };
  const connection = (name: string, key: string, over: Partial<HostConnection> = {}): HostConnection => ({
    name,
    address: ADDRESS,
    security: { tls: true },
    trustOnFirstUse: true,
   
    key,
    ...over,
  });
  beforeEach(() => (made.length = 0));

  it('is reused until the host\'s connection changes, then rebuilt with the new one', () => {
    const pool = new ClientPool(fake);
    assert.deepEqual(pool.setConnections([connection('a', 'k1'), connection('b', 'k1')]), ['a', 'b']);
    const a = pool.get('a');
    assert.equal(pool.get('a'), a);
    assert.deepEqual(pool.setConnections([connection('a', 'k1'), connection('b', 'k1')]), [], 'nothing changed');
    assert.equal(pool.get('a'), a);
    assert.deepEqual(pool.setConnections([connection('a', 'k2', { security: { tls: true, token: TOKEN } })]), ['a']);
    assert.equal(made[0].closed, true, 'the old client is closed at once');
    const rebuilt = pool.get('a');
    assert.notEqual(rebuilt, a);
    assert.deepEqual(made.at(-1)!.security, { tls: true, token: TOKEN });
    assert.throws(() => pool.get('b'), /no host named "b"/);
    const own = pool.create('a');
    assert.notEqual(own, rebuilt, 'a follow gets a client of its own');
  });

  it('a host whose settings cannot be used gets no client, and says why', () => {
    const pool = new ClientPool(fake);
    pool.setConnections([connection('a', 'k1', { problem: '"tls.ca" of a: cannot read the CA file /x' })]);
    assert.throws(() => pool.get('a'), (err: unknown) => err instanceof ConnectionSettingsError && /cannot read the CA file \/x/.test(err.message));
    assert.equal(made.length, 0, 'nothing dialled');
  });
});
