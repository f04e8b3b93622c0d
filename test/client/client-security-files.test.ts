/**
 * loadConnectionSecurity: the files people name (CA, client certificate and
 * key, token file) read once and checked, with errors that name the option
 * and the file and never show a secret; pins taken as people copy them.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normaliseFingerprint } from '../../client/connection/fingerprint';
import { loadConnectionSecurity, SecurityOptionError, type SecurityFiles } from '../../client/connection/security-files';
import { testCertificates } from '../helpers/test-certificates';

const certs = testCertificates();

async function refusal(files: SecurityFiles): Promise<SecurityOptionError> {
  const err = await loadConnectionSecurity(files).then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SecurityOptionError, String(err));
  return err;
}

describe('client: loadConnectionSecurity', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-security-files-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };

  it('reads the CA, the client certificate and key, and the token file\'s first line, trimmed', async () => {
    const tokenFile = file('token', '  mbt_abc.def  \nsecond line is ignored\n');
    const security = await loadConnectionSecurity({ tlsCaFile: certs.ca.cert, tlsCertFile: certs.alice.cert, tlsKeyFile: certs.alice.key, tokenFile });
    assert.deepEqual(security.tlsCa, fs.readFileSync(certs.ca.cert));
    assert.deepEqual(security.tlsCert, fs.readFileSync(certs.alice.cert));
    assert.deepEqual(security.tlsKey, fs.readFileSync(certs.alice.key));
    assert.equal(security.token, 'mbt_abc.def');
    assert.equal(security.tls, undefined);
  });

  it('nothing configured is plain, no token', async () => {
    assert.deepEqual(await loadConnectionSecurity({}), {});
    assert.deepEqual(await loadConnectionSecurity({ tls: true }), { tls: true });
  });

  it('pins are normalised: openssl\'s upper case with colons, its "sha256 Fingerprint=" form, upper-case prefix', async () => {
    const hex = certs.selfSigned.fingerprint.slice('sha256:'.length);
    const colons = hex.toUpperCase().match(/../g)!.join(':');
    for (const written of [`sha256:${colons}`, `sha256 Fingerprint=${colons}`, `SHA256:${hex.toUpperCase()}`, ` ${certs.selfSigned.fingerprint} `]) {
      assert.equal((await loadConnectionSecurity({ tlsFingerprint: written })).tlsFingerprint, certs.selfSigned.fingerprint, written);
    }
  });

  it('a pin that is no sha256 fingerprint is refused, saying what it has and how to write it', async () => {
    for (const [written, has] of [
      ['sha256:abcd', '4 hex digits'],
      [`sha1:${'a'.repeat(64)}`, 'characters other than hex digits and colons'],
      [`${'a'.repeat(63)}`, '63 hex digits'],
    ]) {
      const err = await refusal({ tlsFingerprint: written });
      assert.equal(err.option, 'tlsFingerprint');
      assert.equal(err.message, `"${written}" is not a sha256 fingerprint (it has ${has}); write it as sha256: followed by 64 hex digits, as \`mobilityd tls init\` prints it (colons, as openssl prints them, are fine)`);
    }
    assert.equal(normaliseFingerprint('a'.repeat(64)), `sha256:${'a'.repeat(64)}`, 'the prefix may be left out');
  });

  it('files that are missing, folders, or not PEM are refused with the option, the file and the reason', async () => {
    const missing = path.join(dir, 'missing.crt');
    const notPem = file('not-pem.crt', 'hello\n');
    const cases: [SecurityFiles, keyof SecurityFiles, string][] = [
      [{ tlsCaFile: missing }, 'tlsCaFile', `cannot read the CA file ${missing}: no such file`],
      [{ tlsCaFile: dir }, 'tlsCaFile', `the CA file ${dir} is not a regular file`],
      [{ tlsCaFile: notPem }, 'tlsCaFile', `the CA file ${notPem} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block); give the certificate in PEM form`],
      [{ tlsCertFile: notPem, tlsKeyFile: certs.alice.key }, 'tlsCertFile', `the client certificate ${notPem} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block); give the certificate in PEM form`],
      [{ tlsCertFile: certs.alice.cert, tlsKeyFile: notPem }, 'tlsKeyFile', `the private key ${notPem} holds no PEM private key (no "-----BEGIN ... PRIVATE KEY-----" block)`],
      [{ tokenFile: missing }, 'tokenFile', `cannot read the token file ${missing}: no such file`],
    ];
    for (const [files, option, message] of cases) {
      const err = await refusal(files);
      assert.deepEqual([err.option, err.message], [option, message]);
    }
  });

  it('a damaged certificate block is refused, naming which certificate of the file', async () => {
    const good = fs.readFileSync(certs.ca.cert, 'utf8');
    const damaged = file('damaged.crt', `${good}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    const err = await refusal({ tlsCaFile: damaged });
    assert.match(err.message, new RegExp(`^the CA file ${damaged}: certificate 2 is not a valid certificate`));
  });

  it('a certificate without its key, a key without its certificate, or a key of another certificate is refused', async () => {
    assert.equal((await refusal({ tlsCertFile: certs.alice.cert })).message, `the client certificate ${certs.alice.cert} needs its private key: give the key file too`);
    assert.equal((await refusal({ tlsKeyFile: certs.alice.key })).message, `the private key ${certs.alice.key} needs its client certificate: give the certificate file too`);
    assert.equal(
      (await refusal({ tlsCertFile: certs.alice.cert, tlsKeyFile: certs.bob.key })).message,
      `the private key ${certs.bob.key} does not belong to the client certificate ${certs.alice.cert}`,
    );
  });

  it('an encrypted key is refused with how to give it unencrypted', async () => {
    const encrypted = path.join(dir, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', certs.alice.key, '-aes256', '-passout', 'pass:secret-pass', '-out', encrypted], { stdio: 'ignore' });
    const err = await refusal({ tlsCertFile: certs.alice.cert, tlsKeyFile: encrypted });
    assert.equal(err.message, `the private key ${encrypted} is encrypted; give it unencrypted (openssl pkey -in KEY -out PLAIN), readable only by you`);
  });

  it('two ways to trust the daemon, or a token and a token file, are refused', async () => {
    assert.equal((await refusal({ tlsCaFile: certs.ca.cert, tlsFingerprint: certs.server.fingerprint })).option, 'tlsFingerprint');
    const tokenFile = file('token-2', 'mbt_x\n');
    assert.equal((await refusal({ token: 'mbt_y', tokenFile })).message, 'give a token or a token file, not both');
  });

  it('an empty token file, or a token with spaces or non-ASCII, is refused without showing the token', async () => {
    const empty = file('empty-token', '\n\n');
    assert.equal((await refusal({ tokenFile: empty })).message, `the token file ${empty} is empty (its first line holds the token)`);
    const spaced = file('spaced-token', 'mbt_one two-secret\n');
    const err = await refusal({ tokenFile: spaced });
    assert.equal(err.message, `the token in ${spaced} has characters a token cannot have (spaces, control characters or non-ASCII); is it the right token?`);
    const fromValue = await refusal({ token: 'mbt_ünïcode-secret' });
    assert.equal(fromValue.option, 'token');
    assert.ok(!fromValue.message.includes('secret'), fromValue.message);
  });
});
