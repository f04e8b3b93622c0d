/**
 * Who a client certificate names (certificateIdentity), as the gRPC and REST
 * servers see it through mobilityd's TLS listeners: the subject's CN, its OU,
 * the certificate's fingerprint.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { Client, Server, type ServiceError } from '@grpc/grpc-js';
import { certificateIdentity, type CertificateIdentity } from '../../server/tls/certificate-identity';
import { grpcServerCredentials } from '../../server/tls/grpc-server-credentials';
import { createHttpsServer } from '../../server/tls/https-server';
import { ServerTls } from '../../server/tls/server-tls';
import { testCertificates, type CertificateFiles } from '../helpers/test-certificates';
import { httpsGet, tlsCredentials } from '../helpers/tls-probe';

const certs = testCertificates();
const files = { certFile: certs.server.cert, keyFile: certs.server.key, clientCaFile: certs.ca.cert };
const WHO_AM_I = '/test.Identity/WhoAmI';

describe('the identity of a client certificate', () => {
  let tls: ServerTls;
  beforeEach(() => (tls = ServerTls.load(files, { log: (line) => assert.fail(`unexpected log: ${line}`) })));
  afterEach(() => tls.close());

  it('is seen by a gRPC handler: the CN, no OU, the fingerprint', async () => {
    const server = new Server();
    server.addService(
      {
        whoAmI: {
          path: WHO_AM_I,
          requestStream: false,
          responseStream: false,
          requestSerialize: (value: Buffer) => value,
          requestDeserialize: (bytes: Buffer) => bytes,
          responseSerialize: (value: string) => Buffer.from(value),
          responseDeserialize: (bytes: Buffer) => bytes.toString(),
        },
      },
      { whoAmI: (call: { getAuthContext(): { sslPeerCertificate?: PeerCertificate } }, callback: (err: null, value: string) => void) => callback(null, JSON.stringify(certificateIdentity(call.getAuthContext().sslPeerCertificate))) },
    );
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpcServerCredentials(tls), (err, bound) => (err ? reject(err) : resolve(bound))));
    const client = new Client(`127.0.0.1:${port}`, tlsCredentials(certs.ca.cert, certs.alice));
    try {
      const answer = await new Promise<string>((resolve, reject) =>
        client.makeUnaryRequest(WHO_AM_I, (value: Buffer) => value, (bytes: Buffer) => bytes.toString(), Buffer.alloc(0), (err: ServiceError | null, value?: string) => (err ? reject(err) : resolve(value!))),
      );
      assert.deepEqual(JSON.parse(answer), { subject: 'alice', fingerprint: certs.alice.fingerprint });
    } finally {
      client.close();
      server.forceShutdown();
    }
  });

  it('is seen by a REST handler: the CN, the OU, the fingerprint', async () => {
    const server = createHttpsServer(tls, (request, response) => response.end(JSON.stringify(certificateIdentity((request.socket as TLSSocket).getPeerCertificate()))));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const who = async (client: CertificateFiles) => JSON.parse((await httpsGet(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`, fs.readFileSync(certs.ca.cert), client)).body) as CertificateIdentity;
      assert.deepEqual(await who(certs.bob), { subject: 'bob', organizationalUnit: 'viewer', fingerprint: certs.bob.fingerprint });
      assert.deepEqual(await who(certs.alice), { subject: 'alice', fingerprint: certs.alice.fingerprint });
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});

describe('certificateIdentity', () => {
  const raw = Buffer.from('not really DER, only hashed');
  const peer = (subject: Record<string, string | string[]>) => ({ subject, raw }) as unknown as PeerCertificate;

  it('is undefined for a connection without a peer certificate (Node gives {})', () => {
    assert.equal(certificateIdentity({} as PeerCertificate), undefined);
    assert.equal(certificateIdentity(undefined), undefined);
  });

  it('names a subject without CN by the whole subject', () => {
    assert.equal(certificateIdentity(peer({ O: 'Example', OU: 'ops' }))?.subject, 'O=Example, OU=ops');
  });

  it('joins repeated values, so that two OUs never pass for one', () => {
    assert.deepEqual(certificateIdentity(peer({ CN: 'carol', OU: ['viewer', 'operator'] })), {
      subject: 'carol',
      organizationalUnit: 'viewer, operator',
      fingerprint: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    });
  });
});
