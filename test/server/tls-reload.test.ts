/**
 * Certificates replaced on disk without a restart: mobilityd watches the TLS
 * files and serves new connections with the new certificate, key and client
 * CAs once they are whole and consistent, and keeps serving the last good
 * ones (saying so once) while they are not.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ServerTls } from '../../server/tls/server-tls';
import { makeSelfSignedCertificate } from '../../server/tls/self-signed-certificate';
import { testCertificates, type CertificateFiles } from '../helpers/test-certificates';
import { useTestDaemon } from '../helpers/test-daemon';
import { eventually, grpcHealth, tlsCredentials, untilServed } from '../helpers/tls-probe';

const certs = testCertificates();
const ca = fs.readFileSync(certs.ca.cert);

/** The configured paths, in a folder of their own, holding copies of the test certificates. */
function tlsFolder(): { dir: string; cert: string; key: string; clientCa: string } {
  const dir = fs.mkdtempSync(path.join(certs.dir, 'reload-'));
  return { dir, cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key'), clientCa: path.join(dir, 'client-ca.crt') };
}

/** Replaces `file` as deployment tools do: a temporary file renamed over it. */
function replaceByRename(file: string, content: Buffer): void {
  fs.writeFileSync(`${file}.new`, content);
  fs.renameSync(`${file}.new`, file);
}

describe('TLS files replaced while mobilityd runs', () => {
  const files = tlsFolder();
  beforeEach(() => {
    fs.copyFileSync(certs.server.cert, files.cert);
    fs.copyFileSync(certs.server.key, files.key);
    fs.copyFileSync(certs.ca.cert, files.clientCa);
  });
  const daemon = useTestDaemon({ config: { tlsCert: files.cert, tlsKey: files.key, tlsClientCa: files.clientCa } });
  const grpcAddress = () => daemon().address;
  const restAddress = () => daemon().daemon.restAddresses[0];

  it('serves new gRPC and REST connections with a certificate and key renamed over the files', async () => {
    replaceByRename(files.key, fs.readFileSync(certs.serverReplacement.key));
    replaceByRename(files.cert, fs.readFileSync(certs.serverReplacement.cert));
    await untilServed(grpcAddress(), ca, certs.serverReplacement.fingerprint);
    await untilServed(restAddress(), ca, certs.serverReplacement.fingerprint);
    assert.equal(await grpcHealth(grpcAddress(), tlsCredentials(certs.ca.cert, certs.alice)), 'SERVING');
  });

  it('serves new connections with a certificate and key written over the files in place', async () => {
    fs.writeFileSync(files.cert, fs.readFileSync(certs.serverReplacement.cert));
    fs.writeFileSync(files.key, fs.readFileSync(certs.serverReplacement.key));
    await untilServed(grpcAddress(), ca, certs.serverReplacement.fingerprint);
    await untilServed(restAddress(), ca, certs.serverReplacement.fingerprint);
  });

  it('takes a new client CA: certificates it signed are let in, those of the old one no more', async () => {
    replaceByRename(files.clientCa, fs.readFileSync(certs.otherCa.cert));
    await eventually('mallory (signed by the new client CA) is served', () =>
      grpcHealth(grpcAddress(), tlsCredentials(certs.ca.cert, certs.mallory)).then(
        (status) => status === 'SERVING' || status,
        (err: Error) => err.message,
      ),
    );
    await assert.rejects(grpcHealth(grpcAddress(), tlsCredentials(certs.ca.cert, certs.alice)), /UNAVAILABLE/);
  });
});

describe('TLS files that are not whole or not consistent', () => {
  const files = tlsFolder();
  const settings = { certFile: files.cert, keyFile: files.key, clientCaFile: '' };
  let tls: ServerTls;
  let logged: string[];
  beforeEach(() => {
    fs.copyFileSync(certs.server.cert, files.cert);
    fs.copyFileSync(certs.server.key, files.key);
    logged = [];
    tls = ServerTls.load(settings, { log: (line) => logged.push(line) });
  });
  afterEach(() => tls.close());

  const replacement = (name: keyof Pick<CertificateFiles, 'cert' | 'key'>) => fs.readFileSync(certs.serverReplacement[name]);

  it('keeps the last good pair while only the certificate is new, says so once, then takes the pair', () => {
    fs.writeFileSync(files.cert, replacement('cert'));
    tls.reload();
    tls.reload();
    assert.equal(tls.fingerprint, certs.server.fingerprint);
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], new RegExp(`${files.key}.*is not the key of.*still serving the previous certificate \\(${certs.server.fingerprint}\\)`));

    fs.writeFileSync(files.key, replacement('key'));
    tls.reload();
    assert.equal(tls.fingerprint, certs.serverReplacement.fingerprint);
    assert.match(logged[1], new RegExp(`\\(certificate and key changed\\): new connections get the certificate CN=mobilityd-test, valid until .*${certs.serverReplacement.fingerprint}`));
  });

  it('keeps the last good pair while a certificate is half-written', () => {
    const pem = replacement('cert');
    fs.writeFileSync(files.cert, pem.subarray(0, pem.length / 2));
    tls.reload();
    assert.equal(tls.fingerprint, certs.server.fingerprint);
    assert.match(logged.join('\n'), /is not a PEM certificate.*still serving the previous certificate/);
  });

  it('keeps the last good pair when the new certificate has expired', async () => {
    const expired = await makeSelfSignedCertificate({ hosts: ['localhost'], ips: [], days: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    fs.writeFileSync(files.key, expired.keyPem);
    fs.writeFileSync(files.cert, expired.certPem);
    tls.reload();
    assert.equal(tls.fingerprint, certs.server.fingerprint);
    assert.match(logged.join('\n'), /expired on .*mobilityd tls init.*still serving the previous certificate/);
  });

  it('tells every listener the new context, with fresh session ticket keys', () => {
    const seen: { cert?: unknown; ticketKeys?: Buffer }[] = [];
    tls.onReload((options) => seen.push(options));
    fs.writeFileSync(files.key, replacement('key'));
    fs.writeFileSync(files.cert, replacement('cert'));
    tls.reload();
    tls.reload(); // unchanged files: nothing to tell
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].cert, replacement('cert'));
    assert.equal(seen[0].ticketKeys?.length, 48);
  });
});
