/**
 * Who a caller is (authenticate.ts) and what it may do (authorize.ts), from
 * the facts a transport knows, without a daemon: every rule of who needs
 * which credential, and the refusals that say why and how to get one.
 */
import { strict as assert } from 'node:assert';
import { authenticate, type AuthSettings, type CallerFacts, type CertificateFacts, type TokenChecker } from '../../server/core/access/authenticate';
import { authorize } from '../../server/core/access/authorize';
import type { TokenCheck } from '../../server/core/access/token-store';

const VIEWER_TOKEN = 'mobility_viewerviewerviewerviewerviewerviewer12';
const OPERATOR_TOKEN = 'mobility_operatoroperatoroperatoroperatoropera';
const EXPIRED_TOKEN = 'mobility_expiredexpiredexpiredexpiredexpiredex';
const REVOKED_TOKEN = 'mobility_revokedrevokedrevokedrevokedrevokedre';

const VERDICTS: Record<string, TokenCheck> = {
  [VIEWER_TOKEN]: { ok: true, name: 'ci', role: 'viewer' },
  [OPERATOR_TOKEN]: { ok: true, name: 'ops', role: 'operator' },
  [EXPIRED_TOKEN]: { ok: false, reason: 'expired', name: 'old-ci' },
  [REVOKED_TOKEN]: { ok: false, reason: 'revoked', name: 'leaked' },
};
const tokens: TokenChecker = { check: (token) => VERDICTS[token] ?? { ok: false, reason: 'unknown' } };
const unreadable: TokenChecker = { check: () => ({ ok: false, reason: 'unreadable' }) };

const ALICE: CertificateFacts = { subject: 'alice', fingerprint: 'sha256:aa' };
const BOB: CertificateFacts = { subject: 'bob', organizationalUnit: 'viewer', fingerprint: 'sha256:bb' };

const TOKENS: AuthSettings = { tokens, clientCertificates: false };
const TOKENS_AND_CA: AuthSettings = { tokens, clientCertificates: true };
const CA_ONLY: AuthSettings = { tokens: undefined, clientCertificates: true };
const ZERO_CONFIG: AuthSettings = { tokens: undefined, clientCertificates: false };

function tcp(authorization?: string, certificate?: CertificateFacts, peerHost = '127.0.0.1'): CallerFacts {
  return { transport: 'tcp', tls: certificate !== undefined, peerHost, authorization, readCertificate: () => certificate };
}
function unix(authorization?: string): CallerFacts {
  return { transport: 'unix', tls: false, peerHost: 'unix', authorization, readCertificate: () => undefined };
}
const bearer = (token: string) => `Bearer ${token}`;

function principalOf(facts: CallerFacts, settings: AuthSettings) {
  const { principal, refusal } = authenticate(facts, settings);
  assert.ok(principal, `expected a principal, got ${refusal?.message}`);
  return principal;
}
function refusalOf(facts: CallerFacts, settings: AuthSettings) {
  const { principal, refusal } = authenticate(facts, settings);
  assert.ok(refusal, `expected a refusal, got principal ${principal?.id}`);
  return refusal;
}

/** What every refusal for a missing or bad token must teach. */
function assertSaysHowToGetAToken(message: string): void {
  assert.match(message, /mobilityd token create --tokens FILE --name NAME --role viewer\|operator/);
  assert.match(message, /--token-file FILE/);
  assert.match(message, /MOBILITY_TOKEN/);
  assert.match(message, /"Mobility: Set Host Token…"/);
}

describe('authentication', () => {
  describe('with nothing configured (the zero-config default)', () => {
    it('makes a loopback TCP caller the operator "local", IPv4, IPv6 and IPv4-mapped alike', () => {
      for (const host of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
        assert.deepEqual(principalOf(tcp(undefined, undefined, host), ZERO_CONFIG), { kind: 'local', name: 'local', role: 'operator', id: 'local' });
      }
    });

    it('makes a caller from elsewhere (a daemon run with --allow-insecure) the operator "anonymous"', () => {
      for (const host of ['10.0.0.5', '::ffff:10.0.0.5', '2001:db8::1']) {
        assert.equal(principalOf(tcp(undefined, undefined, host), ZERO_CONFIG).id, 'anonymous');
      }
    });

    it('ignores a token it has no token file to check it against', () => {
      assert.equal(principalOf(tcp('Bearer whatever'), ZERO_CONFIG).id, 'local');
    });

    it('makes a Unix socket caller the operator "unix"', () => {
      assert.deepEqual(principalOf(unix(), ZERO_CONFIG), { kind: 'unix', name: 'unix', role: 'operator', id: 'unix' });
    });
  });

  describe('with tokens configured', () => {
    it('names a TCP caller by its token, with the token\'s role', () => {
      assert.deepEqual(principalOf(tcp(bearer(VIEWER_TOKEN)), TOKENS), { kind: 'token', name: 'ci', role: 'viewer', id: 'token:ci' });
      assert.deepEqual(principalOf(tcp(bearer(OPERATOR_TOKEN)), TOKENS), { kind: 'token', name: 'ops', role: 'operator', id: 'token:ops' });
    });

    it('reads the scheme in any case and tolerates spaces around the token', () => {
      assert.equal(principalOf(tcp(`bearer ${VIEWER_TOKEN}`), TOKENS).id, 'token:ci');
      assert.equal(principalOf(tcp(`BEARER   ${VIEWER_TOKEN} `), TOKENS).id, 'token:ci');
    });

    it('refuses a TCP caller without a token, saying how to get one; a missing token is no failed guess', () => {
      const refusal = refusalOf(tcp(), TOKENS);
      assert.equal(refusal.code, 'unauthenticated');
      assert.equal(refusal.reason, 'missing');
      assert.equal(refusal.failedCredential, false);
      assert.match(refusal.message, /^no credentials: this mobilityd needs a bearer token \(header authorization: Bearer TOKEN\);/);
      assertSaysHowToGetAToken(refusal.message);
    });

    it('refuses an unknown token, saying so and how to get one, and counts it as a failed guess', () => {
      const refusal = refusalOf(tcp(bearer('mobility_guessguessguessguessguessguessguessgu')), TOKENS);
      assert.equal(refusal.code, 'unauthenticated');
      assert.equal(refusal.failedCredential, true);
      assert.match(refusal.message, /^the bearer token is not one this mobilityd knows/);
      assertSaysHowToGetAToken(refusal.message);
    });

    it('refuses an expired token naming it', () => {
      const refusal = refusalOf(tcp(bearer(EXPIRED_TOKEN)), TOKENS);
      assert.equal(refusal.code, 'unauthenticated');
      assert.match(refusal.message, /^token old-ci has expired; ask for a new one/);
      assertSaysHowToGetAToken(refusal.message);
      assert.equal(refusal.claimed, 'token:old-ci');
    });

    it('refuses a revoked token naming it', () => {
      const refusal = refusalOf(tcp(bearer(REVOKED_TOKEN)), TOKENS);
      assert.match(refusal.message, /^token leaked was revoked; ask for a new one/);
      assert.equal(refusal.claimed, 'token:leaked');
    });

    it('refuses a malformed authorization header without quoting it', () => {
      const secretish = 'mobility_notquoted_notquoted_notquoted_notquo';
      for (const header of [`Basic ${secretish}`, 'Bearer', `Bearer ${secretish} ${secretish}`, `Bearer ${'x'.repeat(257)}`, `Token ${secretish}`, '']) {
        const refusal = refusalOf(tcp(header), TOKENS);
        assert.equal(refusal.reason, 'malformed', header);
        assert.match(refusal.message, /^the authorization header is not "Bearer TOKEN"/);
        assert.ok(!refusal.message.includes(secretish), 'the header is never quoted');
        assert.ok(!refusal.message.includes('xxxxxxxx'), 'the header is never quoted');
      }
    });

    it('answers UNAVAILABLE, not a blame on the caller, while the token file cannot be read', () => {
      const refusal = refusalOf(tcp(bearer(VIEWER_TOKEN)), { tokens: unreadable, clientCertificates: false });
      assert.equal(refusal.code, 'unavailable');
      assert.equal(refusal.failedCredential, false);
      assert.match(refusal.message, /cannot read its token file now.*retry later/);
    });

    it('lets a Unix socket caller in without a token, and names it by a token it sends', () => {
      assert.equal(principalOf(unix(), TOKENS).id, 'unix');
      assert.deepEqual(principalOf(unix(bearer(VIEWER_TOKEN)), TOKENS), { kind: 'token', name: 'ci', role: 'viewer', id: 'token:ci' });
    });

    it('still refuses a bad token sent over the Unix socket: the caller meant to be someone', () => {
      assert.equal(refusalOf(unix(bearer(REVOKED_TOKEN)), TOKENS).reason, 'revoked');
      assert.equal(refusalOf(unix('Basic abc'), TOKENS).reason, 'malformed');
    });

    it('does not let a loopback caller in without a token', () => {
      assert.equal(refusalOf(tcp(undefined, undefined, '::1'), TOKENS).reason, 'missing');
    });
  });

  describe('with client certificates (--tls-client-ca)', () => {
    it('names the caller by its certificate\'s CN, an operator', () => {
      assert.deepEqual(principalOf(tcp(undefined, ALICE), CA_ONLY), { kind: 'certificate', name: 'alice', role: 'operator', id: 'cert:alice' });
    });

    it('makes a certificate whose OU is "viewer" a viewer', () => {
      assert.deepEqual(principalOf(tcp(undefined, BOB), TOKENS_AND_CA), { kind: 'certificate', name: 'bob', role: 'viewer', id: 'cert:bob' });
    });

    it('lets a token sent beside a certificate decide, without reading the certificate', () => {
      let read = false;
      const facts = { ...tcp(bearer(VIEWER_TOKEN), ALICE), readCertificate: () => ((read = true), ALICE) };
      assert.equal(principalOf(facts, TOKENS_AND_CA).id, 'token:ci');
      assert.equal(read, false);
      assert.equal(refusalOf(tcp(bearer(REVOKED_TOKEN), ALICE), TOKENS_AND_CA).reason, 'revoked', 'a bad token is not rescued by the certificate');
    });

    it('uses the certificate when tokens are not configured, whatever token is sent', () => {
      assert.equal(principalOf(tcp('Bearer whatever', ALICE), CA_ONLY).id, 'cert:alice');
    });

    it('ignores certificates when no client CA is configured', () => {
      assert.equal(refusalOf(tcp(undefined, ALICE), TOKENS).reason, 'missing');
    });

    it('refuses a caller without a certificate, saying what it needs', () => {
      const caOnly = refusalOf(tcp(), CA_ONLY);
      assert.match(caOnly.message, /^no client certificate: this mobilityd accepts TCP callers only with a client certificate signed by the CA it trusts \(--tls-client-ca\)/);
      const both = refusalOf(tcp(), TOKENS_AND_CA);
      assert.match(both.message, /needs a bearer token \(header authorization: Bearer TOKEN\) or a client certificate signed by the CA it trusts/);
      assertSaysHowToGetAToken(both.message);
    });

    it('refuses a certificate without a subject, naming its fingerprint', () => {
      const refusal = refusalOf(tcp(undefined, { subject: '', fingerprint: 'sha256:cc' }), CA_ONLY);
      assert.match(refusal.message, /the client certificate \(sha256:cc\) has no subject CN/);
    });
  });
});

describe('authorization', () => {
  const viewer = principalOf(tcp(bearer(VIEWER_TOKEN)), TOKENS);
  const operator = principalOf(tcp(bearer(OPERATOR_TOKEN)), TOKENS);

  it('lets a viewer read and an operator do everything', () => {
    assert.equal(authorize(viewer, 'viewer', 'GetStatus'), undefined);
    assert.equal(authorize(operator, 'viewer', 'GetStatus'), undefined);
    assert.equal(authorize(operator, 'operator', 'Install'), undefined);
    assert.equal(authorize(viewer, 'open', 'Check'), undefined);
  });

  it('refuses a viewer an operator\'s call naming the token, its role and the role needed', () => {
    const refusal = authorize(viewer, 'operator', 'Install');
    assert.equal(refusal?.code, 'permission_denied');
    assert.match(refusal!.message, /^token ci is a viewer; Install needs operator; an administrator makes an operator token with `mobilityd token create --tokens FILE --name NAME --role operator`/);
  });

  it('tells a viewer certificate why it is one', () => {
    const bob = principalOf(tcp(undefined, BOB), CA_ONLY);
    assert.match(authorize(bob, 'operator', 'DeletePackage')!.message, /^certificate bob is a viewer; DeletePackage needs operator \(a certificate with OU=viewer is a viewer\)/);
  });
});
