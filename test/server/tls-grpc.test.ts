/**
 * gRPC over TLS (--tls-cert, --tls-key) and with client certificates
 * (--tls-client-ca): real TLS handshakes on 127.0.0.1 with openssl-made
 * certificates, grpc-js's own TLS credentials on the client side.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { credentials, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { testCertificates } from '../helpers/test-certificates';
import { useTestDaemon } from '../helpers/test-daemon';
import { grpcHealth, servedFingerprint, tlsCredentials } from '../helpers/tls-probe';
import * as fs from 'node:fs';

const certs = testCertificates();

async function refused(call: Promise<unknown>): Promise<ServiceError> {
  const err = await call.then(
    () => assert.fail('the call succeeded'),
    (e: ServiceError) => e,
  );
  assert.equal(err.code, GrpcStatus.UNAVAILABLE, err.message);
  return err;
}

describe('gRPC over TLS', () => {
  const socketDir = fs.mkdtempSync(path.join(certs.dir, 'sockets-'));
  const unixAddress = `unix://${path.join(socketDir, 'grpc.sock')}`;
  const daemon = useTestDaemon({
    shared: true,
    config: { tlsCert: certs.server.cert, tlsKey: certs.server.key, listen: ['127.0.0.1:0', unixAddress] },
  });

  it('serves a client that trusts the CA of its certificate, with that certificate', async () => {
    assert.equal(await grpcHealth(daemon().address, tlsCredentials(certs.ca.cert)), 'SERVING');
    assert.equal(await servedFingerprint(daemon().address, fs.readFileSync(certs.ca.cert)), certs.server.fingerprint);
  });

  it('refuses a plaintext client on its TLS port', async () => {
    await refused(grpcHealth(daemon().address, credentials.createInsecure()));
  });

  it('is refused by a client that trusts another CA', async () => {
    const err = await refused(grpcHealth(daemon().address, tlsCredentials(certs.otherCa.cert)));
    assert.match(err.details, /certificate/i);
  });

  it('keeps its unix:// socket plain: the socket file mode decides who connects', async () => {
    assert.equal(await grpcHealth(unixAddress, credentials.createInsecure()), 'SERVING');
  });
});

describe('gRPC with client certificates (--tls-client-ca)', () => {
  const daemon = useTestDaemon({
    shared: true,
    config: { tlsCert: certs.server.cert, tlsKey: certs.server.key, tlsClientCa: certs.ca.cert },
  });

  it('serves a client whose certificate the client CA signed', async () => {
    assert.equal(await grpcHealth(daemon().address, tlsCredentials(certs.ca.cert, certs.alice)), 'SERVING');
  });

  it('refuses the handshake of a client without a certificate', async () => {
    await refused(grpcHealth(daemon().address, tlsCredentials(certs.ca.cert)));
  });

  it('refuses the handshake of a client whose certificate another CA signed', async () => {
    await refused(grpcHealth(daemon().address, tlsCredentials(certs.ca.cert, certs.mallory)));
  });
});
