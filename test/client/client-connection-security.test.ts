/**
 * The client's connection security against real TLS: a grpc-js server in the
 * test process serving the openssl-made test certificates (CA-signed,
 * self-signed, mTLS), on 127.0.0.1 port 0. Trusting a CA, pinning, the
 * errors that say what is wrong (with the certificate's fingerprint), and the
 * bearer token on every kind of call.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { AgentControlClient } from '../../client/agent-control-client';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { ensureReachable } from '../../client/connection/ensure-reachable';
import { ClientError } from '../../client/errors/client-error';
import { closedPort } from '../helpers/closed-port';
import { startRecordingServer, type RecordingServer, type RecordingServerOptions } from '../helpers/recording-grpc-server';
import { testCertificates } from '../helpers/test-certificates';
import { callFailure } from '../helpers/grpc-errors';

const certs = testCertificates();
const pem = (file: string) => fs.readFileSync(file);

/** The ClientError a call fails with. */

describe('client: connection security against a real TLS server', function () {
  const servers: RecordingServer[] = [];
  const clients: AgentControlClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  const serve = async (options: RecordingServerOptions = {}) => {
    const server = await startRecordingServer(options);
    servers.push(server);
    return server;
  };
  const connect = (address: string, security?: ConnectionSecurity) => {
    const client = new AgentControlClient(address, {}, security);
    clients.push(client);
    return client;
  };
  const status = (client: AgentControlClient) => client.getStatus({ timeoutMs: 10_000 });

  describe('trusting a CA', () => {
    it('a daemon whose certificate the CA signed answers, by IP address and by host name', async () => {
      const server = await serve({ certificate: certs.server });
      const byIp = await status(connect(server.address, { tlsCa: pem(certs.ca.cert) }));
      const byName = await status(connect(`localhost:${server.port}`, { tlsCa: pem(certs.ca.cert) }));
      assert.deepEqual([byIp.daemon?.version, byName.daemon?.version], ['recording', 'recording']);
    });

    it('a certificate another CA signed is untrusted, and the error names its fingerprint and how to trust it', async () => {
      const server = await serve({ certificate: certs.server });
      const err = await callFailure(status(connect(server.address, { tlsCa: pem(certs.otherCa.cert) })));
      assert.equal(err.reason, 'untrusted');
      assert.equal(err.certificateFingerprint, certs.server.fingerprint);
      assert.match(err.rawMessage, /^the daemon's certificate \(sha256:[0-9a-f]{64}\) is not trusted: it is signed by "Mobility Test CA", which no trusted CA vouches for \(not by a CA in the --tls-ca file\); trust it with --tls-ca FILE \(the CA that signed it\) or pin it with --tls-fingerprint sha256:[0-9a-f]{64}/);
      assert.ok(err.rawMessage.includes(certs.server.fingerprint));
      assert.equal(err.unreachable, false, 'an untrusted daemon is not "unreachable": it answered, and the fix is trust, not starting it');
      assert.equal(server.calls.length, 0);
    });

    it('--tls with the system CAs: a private CA\'s certificate is untrusted, with its fingerprint', async () => {
      const server = await serve({ certificate: certs.server });
      const err = await callFailure(status(connect(server.address, { tls: true })));
      assert.deepEqual([err.reason, err.certificateFingerprint], ['untrusted', certs.server.fingerprint]);
    });

    it('a self-signed certificate nobody trusts is untrusted: "it is self-signed", with its fingerprint to pin', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const err = await callFailure(status(connect(server.address, { tls: true })));
      assert.equal(err.reason, 'untrusted');
      assert.match(err.rawMessage, /is not trusted: it is self-signed; trust it with --tls-ca FILE/);
      assert.ok(err.rawMessage.includes(`--tls-fingerprint ${certs.selfSigned.fingerprint}`), err.rawMessage);
    });

    it('a certificate for other names is untrusted, and the error lists the names it is for', async () => {
      const server = await serve({ certificate: certs.server, address: '127.0.0.2:0' });
      const err = await callFailure(status(connect(server.address, { tlsCa: pem(certs.ca.cert) })));
      assert.equal(err.reason, 'untrusted');
      assert.match(err.rawMessage, /is for IP Address:127\.0\.0\.1, .*DNS:localhost, not for 127\.0\.0\.2: connect by one of those names, or pin it with --tls-fingerprint sha256:/);
    });
  });

  describe('pinning the certificate by its fingerprint', () => {
    it('a self-signed certificate is trusted as its own root when its fingerprint is pinned', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const answer = await status(connect(server.address, { tlsFingerprint: certs.selfSigned.fingerprint }));
      assert.equal(answer.daemon?.version, 'recording');
    });

    it('a CA-signed certificate can be pinned without trusting its CA, and the host name is not checked', async () => {
      const server = await serve({ certificate: certs.server, address: '127.0.0.2:0' });
      const answer = await status(connect(server.address, { tlsFingerprint: certs.server.fingerprint }));
      assert.equal(answer.daemon?.version, 'recording');
    });

    it('a pin is taken as openssl prints it: upper case with colons', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const openssl = certs.selfSigned.fingerprint.slice('sha256:'.length).toUpperCase().match(/../g)!.join(':');
      const answer = await status(connect(server.address, { tlsFingerprint: `sha256:${openssl}` }));
      assert.equal(answer.daemon?.version, 'recording');
    });

    it('another certificate than the pinned one: untrusted, naming both fingerprints, and no call reaches the daemon', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const client = connect(server.address, { tlsFingerprint: certs.server.fingerprint });
      const err = await callFailure(status(client));
      assert.equal(err.reason, 'untrusted');
      assert.equal(err.certificateFingerprint, certs.selfSigned.fingerprint);
      assert.equal(
        err.rawMessage,
        `the daemon presented ${certs.selfSigned.fingerprint}, but ${certs.server.fingerprint} is pinned: the certificate changed — ` +
          `if this is expected (it was renewed), update the pin to --tls-fingerprint ${certs.selfSigned.fingerprint}; if not, someone may be intercepting the connection`,
      );
      const stream = await callFailure(client.tailLog({ log: 'installer' }));
      assert.equal(stream.reason, 'untrusted');
      assert.deepEqual(server.calls, []);
    });

    it('a certificate replaced while the client is open fails the next call with the pin message, not a bare TLS error', async () => {
      const first = await serve({ certificate: certs.selfSigned });
      const client = connect(first.address, { tlsFingerprint: certs.selfSigned.fingerprint });
      await status(client);
      await first.goAway();
      servers.splice(servers.indexOf(first), 1);
      await serve({ certificate: certs.server, address: first.address });
      const err = await callFailure(status(client));
      assert.equal(err.reason, 'untrusted');
      assert.ok(err.rawMessage.startsWith(`the daemon presented ${certs.server.fingerprint}, but ${certs.selfSigned.fingerprint} is pinned`), err.rawMessage);
    });
  });

  describe('client certificates (mTLS)', () => {
    const mtls = () => serve({ certificate: certs.server, clientCa: certs.ca.cert });

    it('a client certificate the daemon\'s CA signed is accepted', async () => {
      const server = await mtls();
      const answer = await status(connect(server.address, { tlsCa: pem(certs.ca.cert), tlsCert: pem(certs.alice.cert), tlsKey: pem(certs.alice.key) }));
      assert.equal(answer.daemon?.version, 'recording');
    });

    it('no client certificate: a "tls" error that says the daemon requires one and which options give it', async () => {
      const server = await mtls();
      const err = await callFailure(status(connect(server.address, { tlsCa: pem(certs.ca.cert) })));
      assert.equal(err.reason, 'tls');
      assert.match(err.rawMessage, /^the daemon requires a client certificate \(mTLS\) and none was sent: pass --tls-cert FILE and --tls-key FILE/);
    });

    it('a client certificate another CA signed: a "tls" error that says the daemon refused it', async () => {
      const server = await mtls();
      const err = await callFailure(status(connect(server.address, { tlsCa: pem(certs.ca.cert), tlsCert: pem(certs.mallory.cert), tlsKey: pem(certs.mallory.key) })));
      assert.equal(err.reason, 'tls');
      assert.match(err.rawMessage, /^the daemon refused the client certificate \(.+\): it must be signed by a CA in the daemon's --tls-client-ca/);
    });
  });

  describe('plain and TLS on the wrong ends', () => {
    it('a plain client at a TLS port: a "tls" error that says the daemon speaks TLS, with its certificate\'s fingerprint', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const err = await callFailure(status(connect(server.address)));
      assert.equal(err.reason, 'tls');
      assert.equal(err.certificateFingerprint, certs.selfSigned.fingerprint);
      assert.match(err.rawMessage, /^the daemon speaks TLS, and this client connected without it: connect with TLS, trusting the daemon's certificate \(self-signed, sha256:/);
    });

    it('a TLS client at a plain port: a "tls" error that says the daemon does not speak TLS', async () => {
      const server = await serve();
      const err = await callFailure(status(connect(server.address, { tlsCa: pem(certs.ca.cert) })));
      assert.equal(err.reason, 'tls');
      assert.match(err.rawMessage, /^the daemon does not speak TLS at this address \(.+\): it was started without --tls-cert/);
    });

    it('a pinned client at a plain port says the same before any call is made', async () => {
      const server = await serve();
      const err = await callFailure(status(connect(server.address, { tlsFingerprint: certs.selfSigned.fingerprint })));
      assert.equal(err.reason, 'tls');
      assert.match(err.rawMessage, /does not speak TLS/);
      assert.deepEqual(server.calls, []);
    });

    it('ensureReachable does not take an untrusted daemon for a reachable one', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const err = await callFailure(ensureReachable(connect(server.address, { tls: true }), 10_000));
      assert.equal(err.reason, 'untrusted');
    });

    it('a pinned client where nothing listens is refused, as a plain one is', async () => {
      const err = await callFailure(status(connect(`127.0.0.1:${await closedPort()}`, { tlsFingerprint: certs.selfSigned.fingerprint })));
      assert.deepEqual([err.reason, err.rawMessage], ['refused', 'connection refused']);
    });
  });

  describe('the bearer token', () => {
    it('every kind of call carries "authorization: Bearer <token>" over TLS: unary, server stream, upload, health', async () => {
      const server = await serve({ certificate: certs.selfSigned });
      const client = connect(server.address, { tlsFingerprint: certs.selfSigned.fingerprint, token: 'mbt_secret-1' });
      await status(client);
      for await (const message of client.tailLog({ log: 'installer' })) void message;
      async function* content() {
        yield new Uint8Array([1, 2, 3]);
      }
      await client.uploadPackage({ name: 'a.tar.gz', sha256: '0'.repeat(64), sizeBytes: 3 }, content());
      await client.checkHealth('', { timeoutMs: 10_000 });
      assert.deepEqual(
        server.calls.map((call) => [call.method, call.authorization]),
        ['GetStatus', 'TailLog', 'UploadPackage', 'Check'].map((method) => [method, ['Bearer mbt_secret-1']]),
      );
    });

    it('over plain TCP on loopback the token is sent too; without a token no authorization header is', async () => {
      const server = await serve();
      await status(connect(server.address, { token: 'mbt_loopback' }));
      await status(connect(server.address));
      assert.deepEqual(server.calls.map((call) => call.authorization), [['Bearer mbt_loopback'], []]);
    });

    it('a token in clear text beyond loopback is refused before anything is sent', () => {
      assert.throws(
        () => new AgentControlClient('10.0.0.4:50051', {}, { token: 'mbt_secret' }),
        (err: unknown) =>
          err instanceof ClientError &&
          err.reason === 'tls' &&
          /^refusing to send the token in clear text to 10\.0\.0\.4:50051, beyond this machine: connect with TLS/.test(err.rawMessage) &&
          !err.message.includes('mbt_secret'),
      );
    });
  });

  it('an empty or malformed token is refused before anything is sent, without quoting it', () => {
    for (const token of ['', 'mbt_two words-secret']) {
      assert.throws(
        () => new AgentControlClient('127.0.0.1:50051', {}, { token }),
        (err: unknown) => err instanceof ClientError && err.reason === 'tls' && /^the token is empty or has characters a token cannot have/.test(err.rawMessage) && !err.message.includes('secret'),
      );
    }
  });

  it('TLS options for a Unix socket are refused with a "tls" error that says the socket carries no TLS', () => {
    assert.throws(
      () => new AgentControlClient('unix:///run/mobilityd/mobilityd.sock', {}, { tlsFingerprint: certs.selfSigned.fingerprint }),
      (err: unknown) => err instanceof ClientError && err.reason === 'tls' && /is a Unix socket: mobilityd serves no TLS there/.test(err.rawMessage),
    );
  });
});
