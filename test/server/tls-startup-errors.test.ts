/**
 * TLS files mobilityd cannot serve with stop it at start, with a message that
 * names the file and the fix: as a child process (exit code 1) for the usual
 * mistakes, and for the rest through the check the start runs.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ServerTls } from '../../server/tls/server-tls';
import { makeSelfSignedCertificate } from '../../server/tls/self-signed-certificate';
import { TlsFileError } from '../../server/tls/tls-file-error';
import type { TlsFiles } from '../../server/tls/tls-files';
import { runDaemonSource } from '../helpers/run-daemon-source';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { testCertificates } from '../helpers/test-certificates';

const certs = testCertificates();

describe('mobilityd with TLS files it cannot serve with', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.remove());

  const start = (cert: string, key: string) =>
    runDaemonSource(['--root', sandbox.root, '--state-dir', sandbox.stateDir, '--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key]);

  it('exits 1 naming a certificate file that does not exist, and how to make one', async () => {
    const missing = path.join(sandbox.dir, 'missing.crt');
    const exit = await start(missing, certs.server.key);
    assert.equal(exit.code, 1, exit.stderr);
    assert.equal(exit.stdout, '');
    assert.match(exit.stderr, new RegExp(`cannot read the TLS certificate ${missing} \\(--tls-cert, config key tlsCert\\): there is no such file; .*mobilityd tls init --out DIR --host NAME`));
  });

  it('exits 1 naming a key that is not the certificate\'s', async () => {
    const exit = await start(certs.server.cert, certs.serverReplacement.key);
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stderr, new RegExp(`the TLS private key ${certs.serverReplacement.key} .* is not the key of the TLS certificate ${certs.server.cert} .*give the key the certificate was made with`));
  });

  it('exits 1 naming a certificate file that is not PEM', async () => {
    const der = sandbox.write('/etc/mobilityd/server.der', new X509Certificate(fs.readFileSync(certs.server.cert)).raw);
    const exit = await start(der, certs.server.key);
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stderr, new RegExp(`the TLS certificate ${der} .* is not PEM \\(it looks like binary DER\\): convert it with openssl x509 -inform der`));
  });
});

describe('the TLS files check at start', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(certs.dir, 'start-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = (overrides: Partial<TlsFiles>): TlsFiles => ({ certFile: certs.server.cert, keyFile: certs.server.key, clientCaFile: '', ...overrides });
  const refusal = (settings: TlsFiles): string => {
    try {
      ServerTls.load(settings).close();
    } catch (err) {
      assert.ok(err instanceof TlsFileError, String(err));
      return err.message;
    }
    return assert.fail('the files were accepted');
  };
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  };

  it('refuses an expired certificate and says how to renew it', async () => {
    const expired = await makeSelfSignedCertificate({ hosts: ['localhost'], ips: [], days: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    const message = refusal(files({ certFile: write('old.crt', expired.certPem), keyFile: write('old.key', expired.keyPem) }));
    assert.match(message, /the TLS certificate .*old\.crt .* expired on .*: renew it with your CA, or make a new self-signed one with mobilityd tls init --out DIR --host NAME --force/);
  });

  it('refuses a certificate not valid yet, pointing at the clock', async () => {
    const future = await makeSelfSignedCertificate({ hosts: ['localhost'], ips: [], days: 30, now: new Date(Date.now() + 3 * 86_400_000) });
    assert.match(refusal(files({ certFile: write('new.crt', future.certPem), keyFile: write('new.key', future.keyPem) })), /is valid only from .* check the clock/);
  });

  it('refuses a key encrypted with a passphrase, which it cannot ask for', () => {
    const encrypted = path.join(dir, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', certs.server.key, '-aes256', '-passout', 'pass:secret', '-out', encrypted]);
    assert.match(refusal(files({ keyFile: encrypted })), /encrypted\.key .* is encrypted with a passphrase.*openssl pkey -in KEY -out KEY\.plain/);
  });

  it('tells when the certificate and key files were swapped', () => {
    const message = refusal(files({ certFile: certs.server.key, keyFile: certs.server.cert }));
    assert.match(message, /holds a private key, not a certificate: were --tls-cert and --tls-key swapped\?/);
    assert.doesNotMatch(message, /BEGIN|PRIVATE KEY-----/, 'the message quotes no key');
  });

  it('refuses a folder, an empty file and a client CA file that holds no certificate', () => {
    assert.match(refusal(files({ certFile: dir })), /is a folder: give the path of the PEM file in it/);
    assert.match(refusal(files({ certFile: write('empty.crt', '') })), /empty\.crt .* is empty: make a certificate and key with: mobilityd tls init/);
    assert.match(refusal(files({ clientCaFile: write('ca.txt', 'hello\n') })), /the client CA file .*ca\.txt \(--tls-client-ca, config key tlsClientCa\) is not a PEM certificate/);
  });

  it('accepts a chain (the certificate, then its CA) and a CA bundle', () => {
    const chain = write('chain.crt', Buffer.concat([fs.readFileSync(certs.server.cert), fs.readFileSync(certs.ca.cert)]));
    const bundle = write('bundle.crt', Buffer.concat([fs.readFileSync(certs.otherCa.cert), fs.readFileSync(certs.ca.cert)]));
    const tls = ServerTls.load(files({ certFile: chain, clientCaFile: bundle }), { log: (line) => assert.fail(line) });
    assert.equal(tls.fingerprint, certs.server.fingerprint);
    tls.close();
  });
});
