/**
 * The extension against real mobilityd with TLS and tokens, through the same
 * pieces activate() wires (connections, client pool, refresher, host store,
 * tree rows): a self-signed certificate is not trusted until the engineer
 * trusts it, then the token decides, and a daemon restarted with another
 * certificate is refused however the token stands. Hosts that trust a CA,
 * settings that cannot work, and an insecure daemon each show as their own state.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateAlerts } from '../../extension/src/model/certificate-alerts';
import type { HostEntry } from '../../extension/src/model/host-settings';
import type { HostSnapshot } from '../../extension/src/model/host-snapshot';
import { hostContextValue } from '../../extension/src/model/host-state';
import { hostRow, statusPairs, type RowModel } from '../../extension/src/model/tree-model';
import { runTlsCommand } from '../../server/daemon/commands/tls-command';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { adminOutput } from '../helpers/admin-command';
import { ExtensionConnections } from '../helpers/extension-connections';
import { testCertificates } from '../helpers/test-certificates';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';

const certs = testCertificates();
const firstLine = (row: RowModel) => row.tooltip!.plain.split('\n')[0];
const tooltipLine = (row: RowModel, label: string) => row.tooltip!.plain.split('\n').find((l) => l.startsWith(`${label}: `));
const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));
/** A snapshot for an assertion's message (GetStatus carries bigints). */
const shown = (snapshot: HostSnapshot) => JSON.stringify(snapshot, (_, v) => (typeof v === 'bigint' ? String(v) : v));

describe('extension: hosts with TLS and tokens, against real mobilityd', function () {
  this.timeout(60_000);

  let dir: string;
  let tokensFile: string;
  let daemon: TestDaemon | undefined;
  let ext: ExtensionConnections;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ext-security-'));
    tokensFile = path.join(dir, 'tokens.json');
    ext = new ExtensionConnections();
  });
  afterEach(async () => {
    ext.close();
    await daemon?.stop();
    daemon = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `mobilityd tls init` into dir/<name>: its certificate, key and the fingerprint it printed. */
  async function tlsInit(name: string) {
    const out = path.join(dir, name);
    const fingerprint = await adminOutput(runTlsCommand, ['init', '--out', out, '--host', 'localhost', '--ip', '127.0.0.1']);
    return { cert: path.join(out, 'mobilityd.crt'), key: path.join(out, 'mobilityd.key'), fingerprint };
  }

  const createToken = (name: string, role: string) => adminOutput(runTokenCommand, ['create', '--tokens', tokensFile, '--name', name, '--role', role]);

  /** A daemon with TLS and tokens (the token file must exist: create a token first). */
  async function startSecured(tls: { cert: string; key: string }, listen = '127.0.0.1:0'): Promise<TestDaemon> {
    daemon = await startTestDaemon({ config: { listen: [listen], restListen: [], tlsCert: tls.cert, tlsKey: tls.key, authTokensFile: tokensFile } });
    return daemon;
  }

  it('trust on first use, then the token, then a changed certificate refused: each its own state', async () => {
    const first = await tlsInit('first');
    const token = await createToken('vscode', 'operator');
    const d = await startSecured(first);
    const host: HostEntry = { name: 'web-01', address: d.address, tls: {} };
    await ext.setHosts([host]);
    const alerts = new CertificateAlerts();

    // 1. The self-signed certificate nobody vouches for: not trusted, named by its fingerprint, offered for trust.
    let snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'untrusted');
    assert.equal(snapshot.kind === 'untrusted' && snapshot.presented, first.fingerprint, 'the fingerprint mobilityd tls init printed');
    let row = hostRow(host, snapshot);
    assert.equal(firstLine(row), 'web-01 — certificate not trusted');
    assert.deepEqual(row.icon, { id: 'workspace-untrusted', color: 'list.warningForeground' });
    assert.equal(row.contextValue, 'host.untrusted');
    assert.equal(tooltipLine(row, 'Presented'), `Presented: ${first.fingerprint}`);
    assert.deepEqual(alerts.next('web-01', snapshot, ext.pool.connection('web-01')), { kind: 'askTrust', name: 'web-01', address: d.address, presented: first.fingerprint });

    // 2. Trusted: the connection pins it; now the daemon wants a token.
    await ext.trust.trust(d.address, { fingerprint: first.fingerprint, subject: 'localhost', hostName: 'web-01', trustedAt: new Date().toISOString() });
    await ext.setHosts();
    assert.deepEqual(ext.pool.connection('web-01')?.pin?.fingerprint, first.fingerprint);
    snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'authFailed');
    row = hostRow(host, snapshot);
    assert.equal(firstLine(row), 'web-01 — authentication failed');
    assert.deepEqual(row.icon, { id: 'key', color: 'errorForeground' });
    assert.equal(row.description, 'no credentials');
    assert.match(tooltipLine(row, 'Authentication failed')!, /needs a bearer token.*Mobility: Set Host Token…/);
    assert.equal(row.contextValue, 'host.authFailed');

    // 3. The token: the host answers, and its row says how mobilityd is secured.
    ext.tokens.set('web-01', token);
    await ext.setHosts();
    snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'ok', shown(snapshot));
    row = hostRow(host, snapshot);
    assert.equal(firstLine(row), 'web-01 — agent not installed');
    assert.match(tooltipLine(row, 'mobilityd')!, /· TLS, tokens$/);
    assert.equal(tooltipLine(row, 'Connection'), 'Connection: TLS, trusting system CAs, or a certificate trusted on first use');
    assert.deepEqual(statusPairs(host, snapshot).find(([k]) => k === 'security'), ['security', 'TLS, tokens']);
    assert.equal(alerts.next('web-01', snapshot, ext.pool.connection('web-01')), undefined);

    // 4. The same port, another certificate (tls init again): refused, both fingerprints named, never offered for trust.
    const port = portOf(d.address);
    await d.stop();
    const second = await tlsInit('second');
    assert.notEqual(second.fingerprint, first.fingerprint);
    await startSecured(second, `127.0.0.1:${port}`);
    snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'certificateChanged', shown(snapshot));
    assert.equal(snapshot.kind === 'certificateChanged' && snapshot.presented, second.fingerprint);
    assert.equal(snapshot.kind === 'certificateChanged' && snapshot.pinned, first.fingerprint);
    row = hostRow(host, snapshot);
    assert.equal(firstLine(row), 'web-01 — certificate changed');
    assert.deepEqual(row.icon, { id: 'shield', color: 'errorForeground' });
    assert.equal(row.contextValue, 'host.certificateChanged');
    assert.equal(tooltipLine(row, 'Presented'), `Presented: ${second.fingerprint}`);
    assert.equal(tooltipLine(row, 'Trusted'), `Trusted: ${first.fingerprint}`);
    const alert = alerts.next('web-01', snapshot, ext.pool.connection('web-01'));
    assert.equal(alert?.kind, 'changed');

    // 5. Forgotten on purpose: offered again, now the new certificate.
    await ext.trust.forget(daemon!.address);
    await ext.setHosts();
    alerts.reset('web-01');
    snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind === 'untrusted' && snapshot.presented, second.fingerprint);
    assert.equal(alerts.next('web-01', snapshot, ext.pool.connection('web-01'))?.kind, 'askTrust');
    assert.ok(!JSON.stringify([snapshot, hostRow(host, snapshot), ext.pool.connection('web-01')?.key]).includes(token), 'the token is in no row, snapshot or key');
  });

  it('a revoked token and a viewer token: refused with the daemon\'s words; a viewer sees the host', async () => {
    const operator = await createToken('ops', 'operator');
    const viewer = await createToken('eyes', 'viewer');
    const d = await startSecured(certs.server);
    const host: HostEntry = { name: 'web-01', address: d.address, tls: { ca: certs.ca.cert } };
    ext.tokens.set('web-01', viewer);
    await ext.setHosts([host]);
    assert.equal((await ext.ask('web-01')).kind, 'ok', 'a viewer may look');

    ext.tokens.set('web-01', operator);
    await ext.setHosts();
    assert.equal((await ext.ask('web-01')).kind, 'ok');
    await adminOutput(runTokenCommand, ['revoke', '--tokens', tokensFile, 'ops']);
    const snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'authFailed');
    assert.equal(hostRow(host, snapshot).description, 'token ops was revoked');
  });

  it('a host that trusts only its CA refuses another certificate and offers nothing to trust', async () => {
    await createToken('ops', 'operator');
    const d = await startSecured(certs.selfSigned);
    const host: HostEntry = { name: 'web-01', address: d.address, tls: { ca: certs.ca.cert } };
    await ext.setHosts([host]);
    const snapshot = await ext.ask('web-01');
    assert.equal(snapshot.kind, 'untrusted');
    assert.equal(new CertificateAlerts().next('web-01', snapshot, ext.pool.connection('web-01')), undefined);
  });

  it('settings that cannot work are the host\'s own state, and nothing is sent', async () => {
    await createToken('ops', 'operator');
    const d = await startSecured(certs.server);
    const misconfigured = (snapshot: HostSnapshot) => {
      assert.equal(snapshot.kind, 'misconfigured', shown(snapshot));
      return snapshot.kind === 'misconfigured' ? snapshot.message : '';
    };
    const missing = path.join(dir, 'no-such-ca.crt');
    await ext.setHosts([
      { name: 'no-ca-file', address: d.address, tls: { ca: missing } },
      { name: 'plain', address: d.address },
      { name: 'clear-text', address: '192.0.2.1:50051' },
    ]);
    ext.tokens.set('clear-text', 'mobility_x');
    await ext.setHosts();

    const noFile = misconfigured(await ext.ask('no-ca-file'));
    assert.match(noFile, new RegExp(`^"tls\\.ca" of no-ca-file: cannot read the CA file ${missing}`));
    const row = hostRow({ name: 'no-ca-file', address: d.address }, ext.store.snapshot('no-ca-file'));
    assert.equal(firstLine(row), 'no-ca-file — connection settings problem');
    assert.equal(hostContextValue(ext.store.snapshot('no-ca-file')), 'host.misconfigured');
    assert.match(misconfigured(await ext.ask('plain')), /speaks TLS/);
    // 192.0.2.1 (TEST-NET) is never dialled: the client refuses before.
    assert.match(misconfigured(await ext.ask('clear-text')), /refusing to send the token in clear text/);
  });

  it('an insecure daemon keeps its agent state, marked insecure, with its reason', async () => {
    daemon = await startTestDaemon({ config: { listen: ['0.0.0.0:0'], restListen: [], allowInsecure: true } });
    const host: HostEntry = { name: 'lab-01', address: `127.0.0.1:${portOf(daemon.address)}` };
    await ext.setHosts([host]);
    const snapshot = await ext.ask('lab-01');
    const row = hostRow(host, snapshot);
    assert.equal(firstLine(row), 'lab-01 — agent not installed (insecure)');
    assert.deepEqual(row.icon, { id: 'unlock', color: 'list.warningForeground' });
    assert.equal(row.contextValue, 'host.notInstalled', 'the same actions as any host without the agent');
    assert.equal(row.description, 'insecure · agent not installed');
    assert.match(tooltipLine(row, 'INSECURE')!, /beyond loopback without TLS and credentials/);
  });
});
