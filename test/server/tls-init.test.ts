/**
 * `mobilityd tls init` and `mobilityd tls fingerprint`: a key and a
 * self-signed certificate made without openssl, written with safe modes, whose
 * printed fingerprint is what clients pin, and which a client trusting exactly
 * that certificate (as its CA) accepts from a mobilityd serving it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runTlsCommand } from '../../server/daemon/commands/tls-command';
import { runDaemonSource } from '../helpers/run-daemon-source';
import { startTestDaemon } from '../helpers/test-daemon';
import { testCertificates } from '../helpers/test-certificates';
import { grpcHealth, httpsGet, servedFingerprint, tlsCredentials } from '../helpers/tls-probe';

const FINGERPRINT_LINE = /^sha256:[0-9a-f]{64}\n$/;

/** The command in this process, for its answers to bad command lines. */
async function tlsCommand(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collector = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
    return { stream, text: () => chunks.join('') };
  };
  const out = collector();
  const err = collector();
  const code = await runTlsCommand(argv, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('mobilityd tls init', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(testCertificates().dir, 'init-'));
    out = path.join(dir, 'etc', 'tls'); // missing: tls init creates it
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a key (0600) and a certificate (0644) for the names given, and prints only the certificate\'s fingerprint on stdout', async () => {
    const run = await runDaemonSource(['tls', 'init', '--out', out, '--host', 'Web-01.Example.com', '--host', 'localhost', '--ip', '127.0.0.1', '--ip', '::1', '--days', '30']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, FINGERPRINT_LINE);
    const certFile = path.join(out, 'mobilityd.crt');
    const keyFile = path.join(out, 'mobilityd.key');
    assert.deepEqual([mode(out), mode(certFile), mode(keyFile)], [0o755, 0o644, 0o600]);
    assert.deepEqual(fs.readdirSync(out).sort(), ['mobilityd.crt', 'mobilityd.key'], 'no temporary file is left');

    const cert = new X509Certificate(fs.readFileSync(certFile));
    assert.equal(run.stdout.trim(), `sha256:${createHash('sha256').update(cert.raw).digest('hex')}`);
    assert.equal(cert.subjectAltName, 'DNS:web-01.example.com, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(cert.subject, 'CN=web-01.example.com');
    assert.ok(cert.checkPrivateKey(createPrivateKey(fs.readFileSync(keyFile))));
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `valid for ${days} days`);

    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', certFile], { encoding: 'utf8' });
    assert.match(text, /Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /Extended Key Usage:\s+TLS Web Server Authentication\n/);
    assert.match(run.stderr, new RegExp(`--tls-cert ${certFile} --tls-key ${keyFile}`));
    assert.doesNotMatch(run.stdout + run.stderr, /PRIVATE KEY/);
  });

  it('makes a certificate that a client trusting exactly it (as its CA) accepts from mobilityd, over gRPC and REST', async () => {
    const run = await tlsCommand('init', '--out', out, '--host', 'localhost', '--ip', '127.0.0.1');
    assert.equal(run.code, 0, run.stderr);
    const certFile = path.join(out, 'mobilityd.crt');
    const pinned = fs.readFileSync(certFile);
    const test = await startTestDaemon({ config: { tlsCert: certFile, tlsKey: path.join(out, 'mobilityd.key') } });
    try {
      const rest = test.daemon.restAddresses[0];
      assert.equal(await grpcHealth(test.address, tlsCredentials(certFile)), 'SERVING');
      assert.equal(await grpcHealth(test.address.replace('127.0.0.1', 'localhost'), tlsCredentials(certFile)), 'SERVING');
      assert.equal((await httpsGet(`https://${rest}/healthz`, pinned)).status, 200);
      assert.equal(await servedFingerprint(rest, pinned), run.stdout.trim());
      // Trusting the certificate is not trusting any certificate: another one is refused.
      await assert.rejects(httpsGet(`https://${rest}/healthz`, fs.readFileSync(testCertificates().selfSigned.cert)), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    } finally {
      await test.stop();
    }
  });

  it('replaces existing files only with --force, never leaving the key wider than 0600', async () => {
    const first = await tlsCommand('init', '--out', out, '--host', 'localhost');
    assert.equal(first.code, 0, first.stderr);
    const keyFile = path.join(out, 'mobilityd.key');
    fs.chmodSync(keyFile, 0o644);
    const before = fs.readFileSync(keyFile);

    const again = await tlsCommand('init', '--out', out, '--host', 'localhost');
    assert.equal(again.code, 1);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, new RegExp(`mobilityd\\.crt already exists: pass --force to replace the key and certificate \\(clients that pin its fingerprint ${first.stdout.trim()} will need the new one\\)`));
    assert.deepEqual(fs.readFileSync(keyFile), before);

    const forced = await tlsCommand('init', '--out', out, '--host', 'localhost', '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(forced.stdout, first.stdout);
    assert.notDeepEqual(fs.readFileSync(keyFile), before);
    assert.equal(mode(keyFile), 0o600);
  });

  it('refuses wildcard, malformed and address host names, bad addresses and lifetimes, with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--host', '*.example.com'], /--host "\*\.example\.com": wildcard names are refused/],
      [['--host', 'web_01'], /--host "web_01" is not a host name/],
      [['--host=-web'], /--host "-web" is not a host name/],
      [['--host', '10.0.0.4'], /--host "10\.0\.0\.4" is an address: give it with --ip/],
      [['--ip', '10.0.0.256'], /--ip "10\.0\.0\.256" is not an IPv4 or IPv6 address/],
      [['--ip', '[::1]'], /write the address without brackets/],
      [['--host', 'a', '--days', '0'], /--days "0": give a whole number of days from 1 to 3650/],
      [['--host', 'a', '--days', '3651'], /--days "3651"/],
      [[], /give the names clients reach this host by: --host NAME/],
    ];
    for (const [args, message] of cases) {
      const run = await tlsCommand('init', '--out', out, ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.match(run.stderr, /\(mobilityd tls --help\)\n$/);
    }
    assert.match((await tlsCommand('init', '--host', 'a')).stderr, /--out DIR is needed/);
    assert.equal(fs.existsSync(out), false, 'nothing was written');
  });
});

describe('mobilityd tls fingerprint', () => {
  const certs = testCertificates();

  it('prints the fingerprint clients pin, of a PEM or DER certificate, the first of a chain', async () => {
    assert.deepEqual(await tlsCommand('fingerprint', certs.server.cert), { code: 0, stdout: `${certs.server.fingerprint}\n`, stderr: '' });
    const der = path.join(certs.dir, 'server.der');
    fs.writeFileSync(der, new X509Certificate(fs.readFileSync(certs.server.cert)).raw);
    assert.equal((await tlsCommand('fingerprint', der)).stdout, `${certs.server.fingerprint}\n`);
    const chain = path.join(certs.dir, 'chain.pem');
    fs.writeFileSync(chain, Buffer.concat([fs.readFileSync(certs.server.cert), fs.readFileSync(certs.ca.cert)]));
    const run = await tlsCommand('fingerprint', chain);
    assert.equal(run.stdout, `${certs.server.fingerprint}\n`);
    assert.match(run.stderr, /holds 2 certificates; this is the first one's/);
  });

  it('says what is wrong with a file that is not a certificate, with exit code 1', async () => {
    const run = await tlsCommand('fingerprint', certs.server.key);
    assert.deepEqual([run.code, run.stdout], [1, '']);
    assert.match(run.stderr, /server\.key is not a certificate/);
    assert.doesNotMatch(run.stderr, /PRIVATE KEY|MIG/, 'the key is not quoted');
  });
});

describe('mobilityd tls --help', () => {
  it('prints the usage of init and fingerprint on stdout', async () => {
    const run = await tlsCommand('--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: mobilityd tls init --out DIR --host NAME/);
    assert.match(run.stdout, /mobilityd tls fingerprint FILE/);
  });
});
