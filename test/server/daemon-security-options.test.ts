/** mobilityd's TLS, token and limit options: flags, config keys, and what is refused before anything starts. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDaemonArgs, UsageError } from '../../server/daemon/daemon-options';

function run(argv: string[], cwd = '/work') {
  const parsed = parseDaemonArgs(argv, cwd);
  assert.equal(parsed.kind, 'run');
  return parsed.kind === 'run' ? parsed.config : undefined!;
}

function refused(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseDaemonArgs(argv, '/work'), (e: Error) => e instanceof UsageError && pattern.test(e.message));
}

describe('mobilityd security options', () => {
  it('--tls-cert, --tls-key, --tls-client-ca and --auth-tokens are files relative to the current folder', () => {
    const config = run(['--tls-cert', 'tls/d.crt', '--tls-key', 'tls/d.key', '--tls-client-ca', '/etc/ca.pem', '--auth-tokens', 'tokens.json']);
    assert.deepEqual(
      [config.tlsCert, config.tlsKey, config.tlsClientCa, config.authTokensFile, config.allowInsecure],
      ['/work/tls/d.crt', '/work/tls/d.key', '/etc/ca.pem', '/work/tokens.json', false],
    );
    assert.equal(run(['--allow-insecure']).allowInsecure, true);
  });

  it('a certificate without its key (or the reverse), or client certificates without TLS, are refused with the fix', () => {
    refused(['--tls-cert', 'd.crt'], /TLS needs both --tls-cert FILE and --tls-key FILE/);
    refused(['--tls-key', 'd.key'], /TLS needs both --tls-cert FILE and --tls-key FILE/);
    refused(['--tls-client-ca', 'ca.pem'], /--tls-client-ca asks clients for certificates over TLS, and TLS is off/);
  });

  it('the config file takes the same settings, its paths relative to the file, and checks their types', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-options-'));
    try {
      const file = path.join(dir, 'config.json');
      const write = (data: object) => fs.writeFileSync(file, JSON.stringify(data));
      write({ tlsCert: 'tls/d.crt', tlsKey: 'tls/d.key', tlsClientCa: 'ca.pem', authTokens: 'tokens.json', allowInsecure: true, auditLogMaxBytes: 65536, maxStreamsPerPrincipal: 8 });
      const config = run(['--config', file]);
      assert.deepEqual(
        [config.tlsCert, config.tlsKey, config.tlsClientCa, config.authTokensFile, config.allowInsecure, config.auditLogMaxBytes, config.maxStreamsPerPrincipal],
        [path.join(dir, 'tls/d.crt'), path.join(dir, 'tls/d.key'), path.join(dir, 'ca.pem'), path.join(dir, 'tokens.json'), true, 65536, 8],
      );
      write({ authTokens: 42 });
      refused(['--config', file], /authTokens in .* must be a file path/);
      write({ allowInsecure: 'yes' });
      refused(['--config', file], /allowInsecure in .* must be true or false/);
      write({ maxStreamsPerPrincipal: 0 });
      refused(['--config', file], /maxStreamsPerPrincipal must be a whole number from 1/);
      write({ auditLogMaxBytes: 10 });
      refused(['--config', file], /auditLogMaxBytes must be a whole number of bytes from 4096/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
