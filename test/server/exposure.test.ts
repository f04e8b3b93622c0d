/**
 * No silent exposure: beyond loopback, mobilityd starts only with TLS and a way
 * to tell callers apart (tokens or client certificates), or with
 * --allow-insecure, which it then says at start and in every GetStatus.
 */
import { strict as assert } from 'node:assert';
import { assessExposure, exposureRefusal, insecureWarning, isLocalAddress } from '../../server/core/access/exposure';
import { defaultConfig, type DaemonConfig } from '../../server/core/config/daemon-config';
import { LogCatalog } from '../../server/core/logs/log-catalog';
import { readHostStatus } from '../../server/core/status/host-status';
import { runDaemonSource } from '../helpers/run-daemon-source';
import { makeSandbox } from '../helpers/sandbox';
import { useTestDaemon } from '../helpers/test-daemon';

function config(overrides: Partial<DaemonConfig>): DaemonConfig {
  return { ...defaultConfig(), ...overrides };
}

describe('mobilityd beyond loopback', () => {
  it('loopback names and addresses and unix sockets need nothing; anything else is exposed', () => {
    for (const local of ['127.0.0.1:50051', '127.8.9.10:1', 'localhost:50051', '[::1]:50051', 'unix:///run/mobilityd/mobilityd.sock']) {
      assert.equal(isLocalAddress(local), true, local);
    }
    for (const exposed of ['0.0.0.0:50051', '[::]:50051', '10.0.0.4:50051', 'web-01.example.com:50051', '[fe80::1]:50051']) {
      assert.equal(isLocalAddress(exposed), false, exposed);
    }
  });

  it('an exposed listener needs TLS and (tokens or client certificates); the refusal names exactly what is missing', () => {
    const exposed = { listen: ['0.0.0.0:50051'], restListen: [] };
    const neither = exposureRefusal(config(exposed));
    assert.match(neither!, /refusing to listen on 0\.0\.0\.0:50051/);
    assert.match(neither!, /--tls-cert FILE and --tls-key FILE/);
    assert.match(neither!, /--auth-tokens FILE .* or --tls-client-ca FILE/);
    assert.match(neither!, /--allow-insecure/);

    const tlsOnly = exposureRefusal(config({ ...exposed, tlsCert: '/c', tlsKey: '/k' }));
    assert.doesNotMatch(tlsOnly!, /--tls-cert/);
    assert.match(tlsOnly!, /--auth-tokens FILE/);

    const tokensOnly = exposureRefusal(config({ ...exposed, authTokensFile: '/t' }));
    assert.match(tokensOnly!, /--tls-cert FILE/);
    assert.doesNotMatch(tokensOnly!, /--auth-tokens/);

    assert.equal(exposureRefusal(config({ ...exposed, tlsCert: '/c', tlsKey: '/k', authTokensFile: '/t' })), undefined);
    assert.equal(exposureRefusal(config({ ...exposed, tlsCert: '/c', tlsKey: '/k', tlsClientCa: '/ca' })), undefined);
  });

  it('the REST listener counts as much as the gRPC one', () => {
    const refusal = exposureRefusal(config({ listen: ['127.0.0.1:50051'], restListen: ['0.0.0.0:50052'] }));
    assert.match(refusal!, /refusing to listen on 0\.0\.0\.0:50052/);
    assert.equal(exposureRefusal(config({ listen: ['127.0.0.1:50051'], restListen: ['127.0.0.1:50052'] })), undefined);
  });

  it('--allow-insecure lets it start, with a warning and the reason kept for GetStatus', () => {
    const risky = config({ listen: ['10.0.0.4:50051'], restListen: [], allowInsecure: true });
    assert.equal(exposureRefusal(risky), undefined);
    assert.match(assessExposure(risky).insecureReason, /10\.0\.0\.4:50051 beyond loopback without TLS and credentials/);
    assert.match(insecureWarning(risky)!, /^WARNING: insecure \(--allow-insecure\)/);
    assert.equal(insecureWarning(config({})), undefined, 'the loopback default is not insecure');
  });

  it('mobilityd exits 1 before listening on 0.0.0.0 without TLS and credentials, and says which flags are missing', async () => {
    const sandbox = makeSandbox();
    try {
      const run = await runDaemonSource(['--listen', '0.0.0.0:0', '--rest-listen', 'off', '--root', sandbox.root, '--state-dir', sandbox.stateDir]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^mobilityd: refusing to listen on 0\.0\.0\.0:0: .*--tls-cert FILE and --tls-key FILE.*--auth-tokens FILE.*--allow-insecure/);
      assert.doesNotMatch(run.stdout, /listening on/);
    } finally {
      sandbox.remove();
    }
  });

  it('GetStatus reports an insecure daemon and why; the loopback default is not insecure', async () => {
    const sandbox = makeSandbox();
    try {
      const risky = config({ listen: ['10.0.0.4:50051'], restListen: [], allowInsecure: true, root: sandbox.root, stateDir: sandbox.stateDir, platform: 'linux' });
      const daemon = { version: '0.0.0', startTime: new Date(), pid: process.pid, listenAddresses: () => risky.listen };
      const status = await readHostStatus({ config: risky, catalog: LogCatalog.forConfig(risky), daemon });
      assert.equal(status.daemon?.security?.insecure, true);
      assert.match(status.daemon!.security!.insecureReason, /beyond loopback without TLS and credentials/);
    } finally {
      sandbox.remove();
    }
  });

  describe('the zero-config default', () => {
    const daemon = useTestDaemon({ shared: true });
    it('is secure on loopback: no TLS, no token, and GetStatus says neither is on and nothing is insecure', async () => {
      const security = (await daemon().client.getStatus()).daemon?.security;
      assert.deepEqual(
        { tls: security?.tls, tokens: security?.tokens, clientCertificates: security?.clientCertificates, insecure: security?.insecure, reason: security?.insecureReason },
        { tls: false, tokens: false, clientCertificates: false, insecure: false, reason: '' },
      );
    });
  });
});
