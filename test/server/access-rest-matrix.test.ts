/**
 * Who may call which REST route: every route of the route table, called by
 * every kind of caller against a real daemon with a token file (and, for
 * certificates, https with a client CA). Each cell is one test: the HTTP
 * status, the body's code and message, and WWW-Authenticate on a 401.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { ROUTES } from '../../server/rest/route-table';
import { useAccessDaemon, type AccessDaemon, type Caller, type RestRequest } from '../helpers/access-daemon';
import { testCertificates } from '../helpers/test-certificates';

interface RouteCase {
  route: string;
  request: RestRequest;
  need: 'open' | 'viewer' | 'operator';
  /** The status a caller let through gets: requests chosen to change nothing on the host. */
  admitted: number;
}

const JSON_BODY = { 'content-type': 'application/json' };

const ROUTE_CASES: RouteCase[] = [
  { route: 'GET /v1/status', request: { path: '/v1/status' }, need: 'viewer', admitted: 200 },
  { route: 'GET /v1/logs/:name', request: { path: '/v1/logs/installer?lines=1' }, need: 'viewer', admitted: 200 },
  { route: 'GET /healthz', request: { path: '/healthz' }, need: 'open', admitted: 200 },
  { route: 'POST /v1/install', request: { method: 'POST', path: '/v1/install', headers: JSON_BODY, body: '{}' }, need: 'operator', admitted: 400 },
  { route: 'POST /v1/register', request: { method: 'POST', path: '/v1/register', headers: JSON_BODY, body: '{}' }, need: 'operator', admitted: 400 },
  { route: 'POST /v1/uninstall', request: { method: 'POST', path: '/v1/uninstall', headers: JSON_BODY, body: '{}' }, need: 'operator', admitted: 409 },
  { route: 'GET /v1/jobs', request: { path: '/v1/jobs' }, need: 'viewer', admitted: 200 },
  { route: 'GET /v1/jobs/:id', request: { path: '/v1/jobs/no-such-job' }, need: 'viewer', admitted: 404 },
  { route: 'GET /v1/jobs/:id/watch', request: { path: '/v1/jobs/no-such-job/watch' }, need: 'viewer', admitted: 404 },
  { route: 'POST /v1/jobs/:id/cancel', request: { method: 'POST', path: '/v1/jobs/no-such-job/cancel', headers: JSON_BODY, body: '{}' }, need: 'operator', admitted: 404 },
  { route: 'GET /v1/packages', request: { path: '/v1/packages' }, need: 'viewer', admitted: 200 },
  {
    route: 'PUT /v1/packages/:name',
    request: { method: 'PUT', path: '/v1/packages/not-a-package', headers: { 'x-content-sha256': '0'.repeat(64) }, body: '' },
    need: 'operator',
    admitted: 400,
  },
  { route: 'DELETE /v1/packages/:name', request: { method: 'DELETE', path: '/v1/packages/not-a-package' }, need: 'operator', admitted: 400 },
  { route: 'GET /v1/openapi.json', request: { path: '/v1/openapi.json' }, need: 'open', admitted: 200 },
];

const RPC_OF = new Map(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.rpc]));

type Expected = { status: number; code?: string; message?: RegExp; challenge?: string };
type Expectation = (route: RouteCase) => Expected;

const admitted: Expectation = (route) => ({ status: route.admitted });
const viewerOf =
  (who: string): Expectation =>
  (route) =>
    route.need !== 'operator'
      ? { status: route.admitted }
      : { status: 403, code: 'permission_denied', message: new RegExp(`^${who} is a viewer; ${RPC_OF.get(route.route)} needs operator`) };
const refusedAs =
  (message: RegExp, challenge: string): Expectation =>
  (route) =>
    route.need === 'open' ? { status: route.admitted } : { status: 401, code: 'unauthenticated', message, challenge };

function cells(daemon: () => AccessDaemon, caller: () => Caller, expect: Expectation): void {
  for (const route of ROUTE_CASES) {
    const expected = expect(route);
    it(`${route.route}: ${expected.status}${expected.code ? ` ${expected.code}` : ''}`, async () => {
      const answer = await daemon().rest(route.request, caller());
      assert.equal(answer.status, expected.status, `${route.route} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      if (expected.code) assert.equal(answer.json?.code, expected.code);
      if (expected.message) assert.match(answer.json?.message ?? '', expected.message);
      assert.equal(answer.headers['www-authenticate'], expected.challenge);
      if (!expected.code && answer.status >= 400) assert.doesNotMatch(answer.json?.message ?? '', /token|credential|certificate/, 'a domain answer, not an access refusal');
    });
  }
}

describe('REST access: every route by every caller', () => {
  it('covers every route of the route table', () => {
    assert.deepEqual(
      ROUTE_CASES.map((r) => r.route).sort(),
      ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort(),
    );
  });

  describe('with a token file, over TCP', () => {
    const daemon = useAccessDaemon({ shared: true, authBackoff: { threshold: 100_000 } });
    before(() => fs.writeFileSync(daemon().test.logPath('installer'), 'one line\n'));

    describe('no credentials', () => {
      cells(
        daemon,
        () => ({}),
        refusedAs(
          /^no credentials: this mobilityd needs a bearer token \(header authorization: Bearer TOKEN\); to get a token, an administrator runs `mobilityd token create --tokens FILE --name NAME --role viewer\|operator` on the host; give it to mobilityctl with --token-file FILE or the MOBILITY_TOKEN environment variable, or in VS Code with "Mobility: Set Host Token…"$/,
          'Bearer realm="mobilityd"',
        ),
      );
      it('GET /healthz says the serving state and nothing else', async () => {
        assert.deepEqual((await daemon().rest({ path: '/healthz' })).json, { status: 'SERVING' });
      });
    });

    describe('viewer token (ci)', () => {
      cells(daemon, () => ({ token: daemon().tokens.viewer }), viewerOf('token ci'));
    });

    describe('operator token (ops)', () => {
      cells(daemon, () => ({ token: daemon().tokens.operator }), admitted);
    });

    describe('expired token (old-ci)', () => {
      cells(daemon, () => ({ token: daemon().tokens.expired }), refusedAs(/^token old-ci has expired; ask for a new one/, 'Bearer realm="mobilityd", error="invalid_token"'));
    });

    describe('revoked token (leaked)', () => {
      cells(daemon, () => ({ token: daemon().tokens.revoked }), refusedAs(/^token leaked was revoked; ask for a new one/, 'Bearer realm="mobilityd", error="invalid_token"'));
    });

    describe('an authorization header that is not a bearer token', () => {
      it('is refused 401 without being quoted', async () => {
        const answer = await daemon().rest({ path: '/v1/status', headers: { authorization: `Basic ${daemon().tokens.operator}` } });
        assert.equal(answer.status, 401);
        assert.match(answer.json?.message ?? '', /^the authorization header is not "Bearer TOKEN"/);
        assert.ok(!answer.text.includes(daemon().tokens.operator));
      });
    });
  });

  describe('with a token file and client certificates (https, --tls-client-ca)', () => {
    const certs = testCertificates();
    const daemon = useAccessDaemon({ shared: true, tls: 'mtls', authBackoff: { threshold: 100_000 } });
    before(() => fs.writeFileSync(daemon().test.logPath('installer'), 'one line\n'));

    describe('certificate alice (an operator)', () => {
      cells(daemon, () => ({ certificate: certs.alice }), admitted);
    });

    describe('certificate bob (OU=viewer)', () => {
      cells(daemon, () => ({ certificate: certs.bob }), viewerOf('certificate bob'));
    });

    describe('certificate alice with the viewer token: the token decides', () => {
      cells(daemon, () => ({ certificate: certs.alice, token: daemon().tokens.viewer }), viewerOf('token ci'));
    });

    describe('certificate mallory (another CA)', () => {
      for (const route of ROUTE_CASES) {
        it(`${route.route}: the TLS handshake fails, and no request reaches the daemon`, async () => {
          const before = daemon().audit().length;
          await assert.rejects(daemon().rest(route.request, { certificate: certs.mallory }), (err: NodeJS.ErrnoException) => /ECONNRESET|UNKNOWN_CA|EPIPE/.test(err.code ?? ''));
          assert.equal(daemon().audit().length, before);
        });
      }
    });
  });
});
