/**
 * An inventory host's own security, against real mobilityd with TLS and
 * tokens, through the pieces activate() wires: its pinned fingerprint is the
 * only certificate trusted (no prompt), its token file is read when it is
 * dialled, a token set in VS Code overrides the file, and a token file that
 * cannot be used is named by its inventory variable without its content.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Inventory } from '../../client/inventory/inventory-types';
import { mergeInventoryHosts } from '../../extension/src/model/inventory-hosts';
import { hostRow } from '../../extension/src/model/tree-model';
import { runTlsCommand } from '../../server/daemon/commands/tls-command';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { adminOutput } from '../helpers/admin-command';
import { ExtensionConnections } from '../helpers/extension-connections';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';

/** For assertions on what is shown (GetStatus carries bigints). */
const shown = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v));

describe('extension: an inventory host\'s fingerprint and token file, against real mobilityd', function () {
  this.timeout(60_000);

  let dir: string;
  let daemon: TestDaemon | undefined;
  let ext: ExtensionConnections;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ext-inventory-security-'));
    ext = new ExtensionConnections();
  });
  afterEach(async () => {
    ext.close();
    await daemon?.stop();
    daemon = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function securedDaemon() {
    const out = path.join(dir, 'tls');
    const fingerprint = await adminOutput(runTlsCommand, ['init', '--out', out, '--host', 'localhost', '--ip', '127.0.0.1']);
    const tokens = path.join(dir, 'tokens.json');
    const token = await adminOutput(runTokenCommand, ['create', '--tokens', tokens, '--name', 'vscode', '--role', 'operator']);
    daemon = await startTestDaemon({
      config: { listen: ['127.0.0.1:0'], restListen: [], tlsCert: path.join(out, 'mobilityd.crt'), tlsKey: path.join(out, 'mobilityd.key'), authTokensFile: tokens },
    });
    return { address: daemon.address, fingerprint, token };
  }

  const inventoryOf = (address: string, security: Inventory['hosts'][0]['security']): Inventory => ({
    file: path.join(dir, 'hosts.ini'),
    hosts: [{ name: 'web01', address, groups: ['web'], security }],
    groups: [{ name: 'web', hosts: ['web01'], children: [] }],
    source: 'builtin',
  });

  it('dials with the pinned fingerprint and the token file\'s token: the host answers, nothing prompted', async () => {
    const d = await securedDaemon();
    const tokenFile = path.join(dir, 'web01.token');
    fs.writeFileSync(tokenFile, `${d.token}\n`, { mode: 0o600 });
    const { hosts } = mergeInventoryHosts(inventoryOf(d.address, { tls: true, tlsFingerprint: d.fingerprint, tokenFile }), []);
    await ext.setHosts(hosts);
    const connection = ext.pool.connection('web01')!;
    assert.deepEqual([connection.pin?.source, connection.pin?.fingerprint, connection.trustOnFirstUse], ['settings', d.fingerprint, false]);
    const snapshot = await ext.ask('web01');
    assert.equal(snapshot.kind, 'ok', shown(snapshot));
    const row = hostRow(hosts[0], snapshot);
    assert.match(row.tooltip!.plain, /^Inventory: .*hosts\.ini, groups web, token file .*web01\.token$/m);
    assert.ok(!shown([row, snapshot, connection.key, connection.problem ?? '']).includes(d.token), 'the token is in no row, snapshot or key');
  });

  it('refuses a daemon whose certificate is not the pinned one, whatever the token', async () => {
    const d = await securedDaemon();
    const tokenFile = path.join(dir, 'web01.token');
    fs.writeFileSync(tokenFile, d.token);
    const other = `sha256:${'0'.repeat(64)}`;
    const { hosts } = mergeInventoryHosts(inventoryOf(d.address, { tls: true, tlsFingerprint: other, tokenFile }), []);
    await ext.setHosts(hosts);
    const snapshot = await ext.ask('web01');
    assert.equal(snapshot.kind, 'certificateChanged');
  });

  it('a token set in VS Code overrides the token file; a token file that cannot be used is named, never shown', async () => {
    const d = await securedDaemon();
    const tokenFile = path.join(dir, 'web01.token');
    fs.writeFileSync(tokenFile, 'secret with spaces\n');
    const { hosts } = mergeInventoryHosts(inventoryOf(d.address, { tls: true, tlsFingerprint: d.fingerprint, tokenFile }), []);
    await ext.setHosts(hosts);
    const problem = ext.pool.connection('web01')?.problem ?? '';
    assert.match(problem, /^mobilityd_token_file of web01: the token in .*web01\.token has characters a token cannot have/);
    assert.ok(!problem.includes('secret with spaces'));
    assert.equal((await ext.ask('web01')).kind, 'misconfigured');

    ext.tokens.set('web01', d.token);
    await ext.setHosts();
    assert.equal(ext.pool.connection('web01')?.problem, undefined);
    assert.equal((await ext.ask('web01')).kind, 'ok');
  });
});
