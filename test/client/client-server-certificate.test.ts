/**
 * fetchServerCertificate: what a daemon presents, read without trusting it
 * (the extension's trust-on-first-use prompt shows it), against a real TLS
 * server on 127.0.0.1 port 0 serving the openssl-made test certificates.
 */
import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { fetchServerCertificate } from '../../client/connection/server-certificate';
import { ClientError } from '../../client/errors/client-error';
import { closedPort } from '../helpers/closed-port';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-grpc-server';
import { testCertificates } from '../helpers/test-certificates';

const certs = testCertificates();

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  const err = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ClientError, String(err));
  return err;
}

describe('client: fetchServerCertificate', () => {
  let server: RecordingServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('a self-signed certificate: its fingerprint as `mobilityd tls init` prints it, names, dates, self-signed, PEM', async () => {
    server = await startRecordingServer({ certificate: certs.selfSigned });
    const seen = await fetchServerCertificate(server.address, 10_000);
    const expected = new crypto.X509Certificate(fs.readFileSync(certs.selfSigned.cert));
    assert.equal(seen.fingerprint, certs.selfSigned.fingerprint);
    assert.match(seen.fingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.equal(seen.subject, 'mobilityd-self');
    assert.equal(seen.issuer, 'mobilityd-self');
    assert.equal(seen.selfSigned, true);
    assert.deepEqual(seen.subjectAltNames, ['IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1', 'DNS:localhost']);
    assert.equal(seen.validFrom.getTime(), new Date(expected.validFrom).getTime());
    assert.equal(seen.validTo.getTime(), new Date(expected.validTo).getTime());
    assert.equal(new crypto.X509Certificate(seen.pem).fingerprint256, expected.fingerprint256);
  });

  it('a CA-signed certificate is read though nothing trusts its CA: the issuer is the CA, not self-signed', async () => {
    server = await startRecordingServer({ certificate: certs.server });
    const seen = await fetchServerCertificate(`localhost:${server.port}`, 10_000);
    assert.deepEqual([seen.fingerprint, seen.subject, seen.issuer, seen.selfSigned], [certs.server.fingerprint, 'mobilityd-test', 'Mobility Test CA', false]);
  });

  it('a plain port: a "tls" ClientError that says it does not speak TLS', async () => {
    server = await startRecordingServer();
    const err = await rejection(fetchServerCertificate(server.address, 10_000));
    assert.equal(err.reason, 'tls');
    assert.match(err.rawMessage, new RegExp(`^${server.address} does not speak TLS \\(.+\\): the daemon there serves plain gRPC`));
  });

  it('nothing listening: refused, as for a call', async () => {
    const err = await rejection(fetchServerCertificate(`127.0.0.1:${await closedPort()}`, 10_000));
    assert.deepEqual([err.reason, err.rawMessage, err.unreachable], ['refused', 'connection refused', true]);
  });

  it('a malformed address is an AddressError, as for a client', async () => {
    const err = await rejection(fetchServerCertificate('http://10.0.0.4', 10_000));
    assert.equal(err.reason, 'address');
  });
});
