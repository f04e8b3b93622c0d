/**
 * mobilityctl's connection-security flags end to end: the real bundled CLI
 * against real mobilityd daemons serving TLS (CA-signed, self-signed, mTLS)
 * and against a recording gRPC server that shows what the CLI sent (the
 * token) and answers what a test needs (an insecure daemon's status, a
 * refused token). Exit codes and messages as people and scripts see them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runTlsCommand } from '../../server/daemon/commands/tls-command';
import { closedPort } from '../helpers/closed-port';
import { assertNoStackTrace, cliEnv, jsonOf, requireBuiltCli, runCli, type CliResult } from '../helpers/cli-runner';
import { startRecordingServer, type RecordingServer, type RecordingServerOptions } from '../helpers/recording-grpc-server';
import { testCertificates } from '../helpers/test-certificates';
import { startTestDaemon, useTestDaemon, type TestDaemon } from '../helpers/test-daemon';

const certs = testCertificates();
const SECRET = 'mbt_7f3a9c1e-not-for-your-eyes';

/** No trace of the secret token in anything the CLI printed. */
function assertTokenNotShown(r: CliResult): void {
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), `the token was printed:\n${r.stdout}\n${r.stderr}`);
}

describe('mobilityctl connection security (built CLI against real TLS daemons)', function () {
  requireBuiltCli();
  let dir: string;
  let tokenFile: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-cli-security-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${SECRET}\n`, { mode: 0o600 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('a daemon with a CA-signed certificate', () => {
    const daemon = useTestDaemon({ shared: true, config: { tlsCert: certs.server.cert, tlsKey: certs.server.key } });

    it('--tls-ca FILE: status answers and shows the daemon\'s security; no Node.js warning on stderr', async () => {
      const r = await runCli(['status', '--host', daemon().address, '--tls-ca', certs.ca.cert]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '', 'nothing on stderr: no DEP0123 warning for a TLS server name that is an IP address');
      assert.match(r.stdout, /^ {2}security\s+TLS, no credentials \(local connections only\)$/m);
    });

    it('$MOBILITY_TLS_CA is the default for --tls-ca; a pin on the command line wins over it', async () => {
      const fromEnv = await runCli(['health', '--host', daemon().address], { env: cliEnv({ MOBILITY_TLS_CA: certs.ca.cert }) });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      const pinned = await runCli(['health', '--host', daemon().address, '--tls-fingerprint', certs.server.fingerprint], {
        env: cliEnv({ MOBILITY_TLS_CA: certs.otherCa.cert }),
      });
      assert.equal(pinned.code, 0, pinned.stderr);
    });

    it('no TLS flags: exit 4, the daemon speaks TLS, with its certificate\'s fingerprint and the flags that trust it', async () => {
      const r = await runCli(['health', '--host', daemon().address]);
      assert.equal(r.code, 4, r.stdout);
      assert.ok(
        r.stderr.startsWith(`mobilityctl: ${daemon().address}: the daemon speaks TLS, and this client connected without it:`),
        r.stderr,
      );
      assert.ok(r.stderr.includes(`--tls-fingerprint ${certs.server.fingerprint}`), r.stderr);
      assert.match(r.stderr, /--tls-ca FILE/);
      assertNoStackTrace(r);
    });

    it('--tls with the system CAs: exit 4, untrusted, naming the certificate\'s fingerprint and how to trust it', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls']);
      assert.equal(r.code, 4, r.stdout);
      assert.equal(
        r.stderr,
        `mobilityctl: ${daemon().address}: the daemon's certificate (${certs.server.fingerprint}) is not trusted: it is signed by "Mobility Test CA", ` +
          `which no trusted CA vouches for; trust it with --tls-ca FILE (the CA that signed it) or pin it with --tls-fingerprint ${certs.server.fingerprint} ` +
          'once you have checked that this is the fingerprint `mobilityd tls init` printed on the host\n',
      );
    });

    it('a wrong pin: exit 4, "the daemon presented X, but Y is pinned"', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls-fingerprint', certs.selfSigned.fingerprint]);
      assert.equal(r.code, 4, r.stdout);
      assert.ok(r.stderr.includes(`the daemon presented ${certs.server.fingerprint}, but ${certs.selfSigned.fingerprint} is pinned: the certificate changed`), r.stderr);
    });

    it('--hosts: the same flags for every host; a plain host among them fails with "does not speak TLS"', async () => {
      const port = daemon().address.split(':')[1];
      const plain = await startRecordingServer();
      try {
        const r = await runCli(['health', '--json', '--tls-ca', certs.ca.cert, '--hosts', `${daemon().address},localhost:${port},${plain.address}`]);
        assert.equal(r.code, 1, r.stderr);
        const items = jsonOf<Array<{ host: string; ok: boolean; error?: { reason: string; message: string } }>>(r);
        assert.deepEqual(items.map((item) => [item.host, item.ok]), [[daemon().address, true], [`localhost:${port}`, true], [plain.address, false]]);
        assert.equal(items[2].error?.reason, 'failed');
        assert.match(items[2].error?.message ?? '', /^the daemon does not speak TLS at this address/);
      } finally {
        await plain.stop();
      }
    });
  });

  describe('a daemon with a self-signed certificate', () => {
    const daemon = useTestDaemon({ shared: true, config: { tlsCert: certs.selfSigned.cert, tlsKey: certs.selfSigned.key } });

    it('--tls-fingerprint pins it (openssl\'s colon form too), and status answers', async () => {
      const openssl = certs.selfSigned.fingerprint.slice('sha256:'.length).toUpperCase().match(/../g)!.join(':');
      for (const pin of [certs.selfSigned.fingerprint, openssl]) {
        const r = await runCli(['status', '--host', daemon().address, '--tls-fingerprint', pin]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /security\s+TLS/);
      }
    });

    it('without trust: exit 4, "it is self-signed", with the fingerprint to pin', async () => {
      const r = await runCli(['status', '--host', daemon().address, '--tls']);
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stderr, /is not trusted: it is self-signed; trust it with --tls-ca FILE/);
      assert.ok(r.stderr.includes(`--tls-fingerprint ${certs.selfSigned.fingerprint}`), r.stderr);
    });
  });

  describe('a certificate made by `mobilityd tls init`', () => {
    let daemon: TestDaemon;
    let printed: string;
    let certFile: string;
    before(async () => {
      const out = path.join(dir, 'tls');
      const printedChunks: string[] = [];
      const stdout = new Writable({ write: (chunk, _encoding, done) => (printedChunks.push(String(chunk)), done()) });
      const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
      assert.equal(await runTlsCommand(['init', '--out', out, '--host', 'localhost', '--ip', '127.0.0.1'], stdout, stderr), 0);
      printed = printedChunks.join('').trim();
      certFile = path.join(out, 'mobilityd.crt');
      daemon = await startTestDaemon({ config: { tlsCert: certFile, tlsKey: path.join(out, 'mobilityd.key') } });
    });
    after(() => daemon?.stop());

    it('is pinned by the fingerprint it printed, or trusted as its own CA with --tls-ca', async () => {
      const pinned = await runCli(['health', '--host', daemon.address, '--tls-fingerprint', printed]);
      assert.equal(pinned.code, 0, pinned.stderr);
      const asCa = await runCli(['health', '--host', daemon.address.replace('127.0.0.1', 'localhost'), '--tls-ca', certFile]);
      assert.equal(asCa.code, 0, asCa.stderr);
    });

    it('without trust, the error shows the fingerprint it printed', async () => {
      const r = await runCli(['health', '--host', daemon.address, '--tls']);
      assert.equal(r.code, 4, r.stdout);
      assert.ok(r.stderr.includes(`--tls-fingerprint ${printed} once you have checked`), r.stderr);
    });
  });

  describe('a daemon that requires client certificates (mTLS)', () => {
    const daemon = useTestDaemon({
      shared: true,
      config: { tlsCert: certs.server.cert, tlsKey: certs.server.key, tlsClientCa: certs.ca.cert },
    });

    it('--tls-cert and --tls-key of a certificate its CA signed: answers', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls-ca', certs.ca.cert, '--tls-cert', certs.alice.cert, '--tls-key', certs.alice.key]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'SERVING\n');
    });

    it('no client certificate: exit 4, the daemon requires one, and which flags give it', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls-ca', certs.ca.cert]);
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stderr, /the daemon requires a client certificate \(mTLS\) and none was sent: pass --tls-cert FILE and --tls-key FILE/);
    });

    it('a client certificate another CA signed: exit 4, the daemon refused it', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls-ca', certs.ca.cert, '--tls-cert', certs.mallory.cert, '--tls-key', certs.mallory.key]);
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stderr, /the daemon refused the client certificate/);
    });
  });

  describe('a plain daemon', () => {
    const daemon = useTestDaemon({ shared: true });

    it('TLS flags: exit 4, the daemon does not speak TLS at this address', async () => {
      const r = await runCli(['health', '--host', daemon().address, '--tls-ca', certs.ca.cert]);
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stderr, new RegExp(`^mobilityctl: ${daemon().address}: the daemon does not speak TLS at this address \\(.+\\): it was started without --tls-cert`));
    });
  });

  describe('a daemon on a Unix socket', () => {
    const socketDir = path.join(os.tmpdir(), `mobility-cli-security-unix-${process.pid}`);
    const socket = `unix://${path.join(socketDir, 'mobilityd.sock')}`;
    useTestDaemon({ shared: true, config: { listen: [socket], restListen: [] } });
    after(() => fs.rmSync(socketDir, { recursive: true, force: true }));

    it('$MOBILITY_TLS_CA (a default for TCP hosts) is not applied to it, and $MOBILITY_TOKEN may be sent over it', async () => {
      const r = await runCli(['health', '--host', socket], { env: cliEnv({ MOBILITY_TLS_CA: certs.ca.cert, MOBILITY_TOKEN: SECRET }) });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'SERVING\n');
    });
  });

  describe('the token', () => {
    const servers: RecordingServer[] = [];
    afterEach(async () => Promise.all(servers.splice(0).map((server) => server.stop())));
    const serve = async (options: RecordingServerOptions = {}) => {
      const server = await startRecordingServer(options);
      servers.push(server);
      return server;
    };

    it('--token-file sends its first line as "authorization: Bearer", over TLS, on every host of --hosts', async () => {
      const a = await serve({ certificate: certs.selfSigned });
      const b = await serve({ certificate: certs.selfSigned });
      const r = await runCli(['health', '--hosts', `${a.address},${b.address}`, '--tls-fingerprint', certs.selfSigned.fingerprint, '--token-file', tokenFile]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...a.calls, ...b.calls].map((call) => call.authorization), [[`Bearer ${SECRET}`], [`Bearer ${SECRET}`]]);
      assertTokenNotShown(r);
    });

    it('$MOBILITY_TOKEN is sent when no --token-file is given; --token-file wins over it', async () => {
      const server = await serve();
      const fromEnv = await runCli(['health', '--host', server.address], { env: cliEnv({ MOBILITY_TOKEN: 'mbt_from-env' }) });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      const both = await runCli(['health', '--host', server.address, '--token-file', tokenFile], { env: cliEnv({ MOBILITY_TOKEN: 'mbt_from-env' }) });
      assert.equal(both.code, 0, both.stderr);
      assert.deepEqual(server.calls.map((call) => call.authorization), [['Bearer mbt_from-env'], [`Bearer ${SECRET}`]]);
    });

    it('a refused token: exit 4 with the daemon\'s message, and the token is never printed', async () => {
      const message = 'token ci has expired; ask for a new one';
      const server = await serve({ requireToken: { token: 'mbt_current', message } });
      const r = await runCli(['status', '--host', server.address, '--token-file', tokenFile]);
      assert.equal(r.code, 4, r.stdout);
      assert.equal(r.stderr, `mobilityctl: ${server.address}: ${message}\n`);
      assertTokenNotShown(r);
      const json = await runCli(['status', '--json', '--hosts', server.address, '--token-file', tokenFile]);
      assert.equal(jsonOf<Array<{ error: { message: string } }>>(json)[0].error.message, message);
      assertTokenNotShown(json);
    });

    it('a token in clear text beyond loopback is a usage error, exit 2, before anything is sent; the token is not printed', async () => {
      const r = await runCli(['health', '--host', '10.0.0.4', '--token-file', tokenFile]);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, /^mobilityctl: refusing to send the token in clear text to 10\.0\.0\.4:50051, beyond this machine: connect with TLS/);
      assertTokenNotShown(r);
      const env = await runCli(['health', '--hosts', `127.0.0.1:${await closedPort()},10.0.0.5`], { env: cliEnv({ MOBILITY_TOKEN: SECRET }) });
      assert.equal(env.code, 2, env.stdout);
      assert.match(env.stderr, /^mobilityctl: --hosts: refusing to send the token in clear text to 10\.0\.0\.5:50051, .+ \(the token is \$MOBILITY_TOKEN's\)\n/);
      assertTokenNotShown(env);
    });

    it('an unreachable host with a token: exit 3 as ever, and the token is not printed', async () => {
      const r = await runCli(['health', '--host', `127.0.0.1:${await closedPort()}`], { env: cliEnv({ MOBILITY_TOKEN: SECRET }) });
      assert.equal(r.code, 3, r.stdout);
      assertTokenNotShown(r);
    });
  });

  describe('status of an insecure daemon', () => {
    let server: RecordingServer;
    const reason = 'listening on 10.0.0.4:50051 beyond loopback without TLS and credentials: anyone who reaches it may drive this host';
    before(async () => {
      server = await startRecordingServer({ status: { daemon: { version: '9.9.9', security: { insecure: true, insecureReason: reason } } } });
    });
    after(() => server.stop());

    it('the text report says INSECURE and why, first, and in the daemon\'s security row', async () => {
      const r = await runCli(['status', '--host', server.address]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.startsWith(`INSECURE: ${reason}\n\nDaemon\n`), r.stdout);
      assert.match(r.stdout, new RegExp(`^ {2}security\\s+INSECURE: ${reason.replace(/[.]/g, '\\.')}$`, 'm'));
    });

    it('--json keeps daemon.security for scripts and warns on stderr', async () => {
      const r = await runCli(['status', '--host', server.address, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(jsonOf(r).daemon.security, { tls: false, clientCertificates: false, tokens: false, insecure: true, insecureReason: reason });
      assert.equal(r.stderr, `mobilityctl: warning: mobilityd at ${server.address} is INSECURE: ${reason}\n`);
    });

    it('--hosts: the DETAIL starts with INSECURE', async () => {
      const r = await runCli(['status', '--hosts', server.address]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.split('\n')[1], /\s+ok\s+INSECURE; agent not installed/);
    });

    it('a secured daemon\'s security in one row: TLS, client certificates, tokens', async () => {
      const secured = await startRecordingServer({ status: { daemon: { security: { tls: true, clientCertificates: true, tokens: true } } } });
      try {
        const r = await runCli(['status', '--host', secured.address]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^ {2}security\s+TLS, client certificates, tokens$/m);
        assert.doesNotMatch(r.stdout, /INSECURE/);
      } finally {
        await secured.stop();
      }
    });
  });

  describe('flags that cannot work are usage errors (exit 2) naming the flag', () => {
    const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
      ['a malformed pin', ['--tls-fingerprint', 'sha256:abcd'], {}, /^mobilityctl: --tls-fingerprint: "sha256:abcd" is not a sha256 fingerprint \(it has 4 hex digits\)/],
      ['a certificate without its key', ['--tls-cert', 'CERT'], {}, /^mobilityctl: --tls-key: the client certificate .+ needs its private key/],
      ['a missing CA file', ['--tls-ca', '/nonexistent/ca.crt'], {}, /^mobilityctl: --tls-ca: cannot read the CA file \/nonexistent\/ca\.crt: no such file/],
      ['a missing CA file from the environment', [], { MOBILITY_TLS_CA: '/nonexistent/ca.crt' }, /^mobilityctl: \$MOBILITY_TLS_CA: cannot read the CA file/],
      ['an empty token file', ['--token-file', 'EMPTY'], {}, /^mobilityctl: --token-file: the token file .+ is empty/],
      ['a CA and a pin', ['--tls-ca', 'CA', '--tls-fingerprint', certs.server.fingerprint], {}, /^mobilityctl: --tls-fingerprint: trust the daemon one way/],
      ['TLS for a Unix socket', ['--host', 'unix:///run/mobilityd/mobilityd.sock', '--tls'], {}, /^mobilityctl: unix:\/\/\/run\/mobilityd\/mobilityd\.sock is a Unix socket: mobilityd serves no TLS there/],
    ];
    for (const [what, flags, env, expected] of cases) {
      it(what, async () => {
        const empty = path.join(dir, 'empty-token');
        fs.writeFileSync(empty, '');
        const args = flags.map((flag) => (flag === 'CERT' ? certs.alice.cert : flag === 'CA' ? certs.ca.cert : flag === 'EMPTY' ? empty : flag));
        const r = await runCli(['health', ...args], { env: cliEnv(env) });
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stderr, expected);
        assert.match(r.stderr, /Run `mobilityctl health --help` for usage\.\n$/);
      });
    }

    it('--help documents the flags, $MOBILITY_TOKEN and that there is no --token flag', async () => {
      const r = await runCli(['--help']);
      assert.equal(r.code, 0, r.stderr);
      for (const text of ['--tls-ca FILE', '--tls-fingerprint sha256:HEX', '--tls-cert FILE, --tls-key FILE', '--token-file FILE', 'MOBILITY_TOKEN', 'There is no --token flag', '  4  connection security']) {
        assert.ok(r.stdout.includes(text), `--help lacks "${text}"`);
      }
      const token = await runCli(['health', '--token', 'x']);
      assert.equal(token.code, 2);
    });
  });
});
