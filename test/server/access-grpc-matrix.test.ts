/**
 * Who may call which gRPC method: every AgentControl RPC, health and
 * reflection, called by every kind of caller against a real daemon with a
 * token file (and, for certificates, TLS with a client CA). Each cell is one
 * test: the code, and the message that tells the caller why and what to do.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { AgentControlClient } from '../../client/agent-control-client';
import { ClientError } from '../../client/errors/client-error';
import type { ErrorCode } from '../../contract/error-codes';
import { AgentControl } from '../../gen/mobility/v1/agent_control_pb';
import { ROLE_TABLE } from '../../server/core/access/roles';
import { useAccessDaemon, type AccessDaemon, type Caller } from '../helpers/access-daemon';
import { testCertificates } from '../helpers/test-certificates';

interface RpcCase {
  rpc: string;
  need: 'viewer' | 'operator';
  call(client: AgentControlClient): Promise<unknown>;
  /** What the daemon answers a caller it lets through: requests chosen to change nothing on the host. */
  admitted: ErrorCode | 'ok';
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}
async function* nothing(): AsyncIterable<Uint8Array> {}

const RPCS: RpcCase[] = [
  { rpc: 'GetStatus', need: 'viewer', call: (c) => c.getStatus(), admitted: 'ok' },
  { rpc: 'TailLog', need: 'viewer', call: (c) => drain(c.tailLog({ log: 'installer', lastLines: 1n })), admitted: 'ok' },
  { rpc: 'Install', need: 'operator', call: (c) => c.install({}), admitted: 'invalid_argument' },
  { rpc: 'Register', need: 'operator', call: (c) => c.register({}), admitted: 'invalid_argument' },
  // No agent is installed in the matrix's sandbox: an admitted Uninstall is refused before anything runs.
  { rpc: 'Uninstall', need: 'operator', call: (c) => c.uninstall({}), admitted: 'failed_precondition' },
  { rpc: 'GetJob', need: 'viewer', call: (c) => c.getJob('no-such-job'), admitted: 'not_found' },
  { rpc: 'ListJobs', need: 'viewer', call: (c) => c.listJobs(), admitted: 'ok' },
  { rpc: 'WatchJob', need: 'viewer', call: (c) => drain(c.watchJob('no-such-job')), admitted: 'not_found' },
  { rpc: 'CancelJob', need: 'operator', call: (c) => c.cancelJob('no-such-job'), admitted: 'not_found' },
  { rpc: 'UploadPackage', need: 'operator', call: (c) => c.uploadPackage({ name: 'not-a-package', sha256: '0'.repeat(64), sizeBytes: 0 }, nothing()), admitted: 'invalid_argument' },
  { rpc: 'ListPackages', need: 'viewer', call: (c) => c.listPackages(), admitted: 'ok' },
  { rpc: 'DeletePackage', need: 'operator', call: (c) => c.deletePackage('not-a-package'), admitted: 'invalid_argument' },
];

/** What a call ended with: 'ok', or its code and the daemon's message. */
async function outcome(call: Promise<unknown>): Promise<{ code: ErrorCode | 'ok'; message: string; reason?: string }> {
  try {
    await call;
    return { code: 'ok', message: '' };
  } catch (err) {
    const error = ClientError.from(err);
    return { code: error.code, message: error.rawMessage, reason: error.reason };
  }
}

/** A row: what each RPC answers this caller, given what it needs. */
type Expectation = (rpc: RpcCase) => { code: ErrorCode | 'ok'; message?: RegExp };

const admitted: Expectation = (rpc) => ({ code: rpc.admitted });
const viewerOf =
  (who: string): Expectation =>
  (rpc) =>
    rpc.need === 'viewer' ? { code: rpc.admitted } : { code: 'permission_denied', message: new RegExp(`^${who} is a viewer; ${rpc.rpc} needs operator`) };
const unauthenticated =
  (message: RegExp): Expectation =>
  () => ({ code: 'unauthenticated', message });

function cells(daemon: () => AccessDaemon, caller: () => Caller, expect: Expectation): void {
  for (const rpc of RPCS) {
    const expected = expect(rpc);
    it(`${rpc.rpc}: ${expected.code}`, async () => {
      const got = await outcome(rpc.call(daemon().grpc(caller())));
      assert.equal(got.code, expected.code, `${rpc.rpc} answered ${got.code}: ${got.message}`);
      if (expected.message) assert.match(got.message, expected.message);
      else if (got.code !== 'ok') assert.doesNotMatch(got.message, /token|credential|certificate/, 'a domain answer, not an access refusal');
    });
  }
}

describe('gRPC access: every RPC by every caller', () => {
  it('covers every AgentControl RPC, and the role table names each one', () => {
    assert.deepEqual(RPCS.map((r) => r.rpc).sort(), AgentControl.methods.map((m) => m.name).sort());
    for (const rpc of RPCS) assert.equal(ROLE_TABLE['mobility.v1.AgentControl'][rpc.rpc], rpc.need, rpc.rpc);
  });

  describe('with a token file, over TCP', () => {
    // Many refused tokens from 127.0.0.1 in a row: the back-off has its own tests (access-limits.test.ts).
    const daemon = useAccessDaemon({ shared: true, authBackoff: { threshold: 100_000 } });
    before(() => fs.writeFileSync(daemon().test.logPath('installer'), 'one line\n'));

    describe('no credentials', () => {
      cells(daemon, () => ({}), unauthenticated(/^no credentials: this mobilityd needs a bearer token \(header authorization: Bearer TOKEN\); to get a token, an administrator runs `mobilityd token create --tokens FILE --name NAME --role viewer\|operator` on the host; give it to mobilityctl with --token-file FILE or the MOBILITY_TOKEN environment variable, or in VS Code with "Mobility: Set Host Token…"$/));
      it('health Check: SERVING, and nothing else', async () => {
        const answer = await daemon().grpc().checkHealth();
        assert.deepEqual(Object.keys(answer).filter((k) => !k.startsWith('$')), ['status']);
        assert.equal(answer.status, 1);
      });
      it('reflection: unauthenticated', async () => {
        await assert.rejects(daemon().reflect(), (err: { code: number; details: string }) => err.code === 16 && /^no credentials/.test(err.details));
      });
    });

    describe('viewer token (ci)', () => {
      cells(daemon, () => ({ token: daemon().tokens.viewer }), viewerOf('token ci'));
      it('reflection: lists the services', async () => {
        assert.deepEqual((await daemon().reflect({ token: daemon().tokens.viewer })).sort(), ['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'mobility.v1.AgentControl']);
      });
    });

    describe('operator token (ops)', () => {
      cells(daemon, () => ({ token: daemon().tokens.operator }), admitted);
    });

    describe('expired token (old-ci)', () => {
      cells(daemon, () => ({ token: daemon().tokens.expired }), unauthenticated(/^token old-ci has expired; ask for a new one: to get a token, an administrator runs `mobilityd token create/));
    });

    describe('revoked token (leaked)', () => {
      cells(daemon, () => ({ token: daemon().tokens.revoked }), unauthenticated(/^token leaked was revoked; ask for a new one: to get a token, an administrator runs `mobilityd token create/));
      it('reflection: unauthenticated', async () => {
        await assert.rejects(daemon().reflect({ token: daemon().tokens.revoked }), (err: { code: number; details: string }) => err.code === 16 && /^token leaked was revoked/.test(err.details));
      });
    });
  });

  describe('with a token file and client certificates (TLS, --tls-client-ca)', () => {
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
      for (const rpc of RPCS) {
        it(`${rpc.rpc}: the TLS handshake fails, and no call reaches the daemon`, async () => {
          const before = daemon().audit().length;
          const got = await outcome(rpc.call(daemon().grpc({ certificate: certs.mallory })));
          assert.equal(got.code, 'unavailable', got.message);
          assert.equal(got.reason, 'tls', got.message);
          assert.equal(daemon().audit().length, before, 'nothing to audit: no call was made');
        });
      }
    });
  });
});
