/**
 * The REST API over https (--tls-cert, --tls-key) and with client
 * certificates (--tls-client-ca): real TLS on 127.0.0.1, node's https client.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { testCertificates } from '../helpers/test-certificates';
import { useTestDaemon } from '../helpers/test-daemon';
import { httpsGet, servedFingerprint } from '../helpers/tls-probe';

const certs = testCertificates();
const ca = fs.readFileSync(certs.ca.cert);

/** What a plain http client gets from a TLS port: an error, never an answer. */
function plainHttpGet(url: string): Promise<Error> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => reject(new Error(`answered ${response.statusCode}`)));
    request.once('error', resolve);
  });
}

describe('REST over https', () => {
  const daemon = useTestDaemon({ shared: true, config: { tlsCert: certs.server.cert, tlsKey: certs.server.key } });
  const restAddress = () => daemon().daemon.restAddresses[0];

  it('answers a client that trusts the CA of its certificate, with that certificate', async () => {
    const answer = await httpsGet(`https://${restAddress()}/healthz`, ca);
    assert.deepEqual({ status: answer.status, body: JSON.parse(answer.body) }, { status: 200, body: { status: 'SERVING' } });
    assert.equal(await servedFingerprint(restAddress(), ca), certs.server.fingerprint);
  });

  it('gives a plain http request on its port no answer', async () => {
    const err = await plainHttpGet(`http://${restAddress()}/healthz`);
    assert.equal((err as NodeJS.ErrnoException).code, 'ECONNRESET', err.message);
  });

  it('is refused by a client that trusts another CA', async () => {
    await assert.rejects(httpsGet(`https://${restAddress()}/healthz`, fs.readFileSync(certs.otherCa.cert)), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});

describe('REST with client certificates (--tls-client-ca)', () => {
  const daemon = useTestDaemon({
    shared: true,
    config: { tlsCert: certs.server.cert, tlsKey: certs.server.key, tlsClientCa: certs.ca.cert },
  });
  const url = () => `https://${daemon().daemon.restAddresses[0]}/healthz`;

  it('answers a client whose certificate the client CA signed', async () => {
    assert.equal((await httpsGet(url(), ca, certs.alice)).status, 200);
  });

  it('refuses the handshake of a client without a certificate', async () => {
    await assert.rejects(httpsGet(url(), ca), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  });

  it('refuses the handshake of a client whose certificate another CA signed', async () => {
    // TLS 1.3: the client sends its request before the server's refusal arrives, so it sees the connection cut.
    await assert.rejects(httpsGet(url(), ca, certs.mallory), (err: NodeJS.ErrnoException) => /ECONNRESET|UNKNOWN_CA/.test(err.code ?? ''));
  });
});
