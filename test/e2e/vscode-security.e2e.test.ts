/**
 * Connection security in a REAL VS Code (code-server + Chromium, as
 * vscode-extension.e2e.test.ts): a mobilityd serving TLS with a self-signed
 * certificate made by `mobilityd tls init` and checking tokens made by
 * `mobilityd token create`, added to mobility.hosts with "tls": true.
 * Through the UI only: the fingerprint prompt on first contact, Trust, the
 * token typed into Set Host Token…'s password box, an install; then the
 * daemon restarted with another certificate is refused with the
 * changed-certificate warning, and Forget Trusted Certificate lets the new
 * one be trusted. The daemon is only asked afterwards, to check the UI told
 * the truth. Screenshots: test-artifacts/e2e/security/<test>/<step>.png.
 *
 * The tests run in order and build on each other; one code-server and one
 * browser serve them. Its own code-server (not the other suite's), so it runs
 * alone: npx mocha test/e2e/vscode-security.e2e.test.ts
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentControlClient } from '../../client/agent-control-client';
import { runTlsCommand } from '../../server/daemon/commands/tls-command';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { runAdminCommand } from '../helpers/admin-command';
import { copySamplePackages } from '../helpers/sample-packages';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { ARTIFACTS, checkE2EPrerequisites } from './helpers/paths';
import { waitFor, type Workbench } from './helpers/workbench';
import { closeWorkbench, openWorkbench, useWorkbenchHooks, type WorkbenchSession } from './helpers/workbench-session';

const VIEW = 'Hosts';
const HOST = 'secure';
const OUT = path.join(ARTIFACTS, 'security');

const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

/** Every file under a folder, with its text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

async function admin(command: typeof runTlsCommand, argv: string[]): Promise<string> {
  const result = await runAdminCommand(command, argv);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

describe('connection security in a real VS Code: trust on first use, a token, a changed certificate', function () {
  this.timeout(120_000);
  this.slow(30_000);

  let sandbox: Sandbox;
  let daemon: TestDaemon | undefined;
  let tokensFile: string;
  let tlsDir: string;
  let token: string;
  let firstFingerprint: string;
  let secondFingerprint: string;
  let session: WorkbenchSession | undefined;
  let wb: Workbench;
  let started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  /** `mobilityd tls init` for 127.0.0.1 into tlsDir (again with --force): the fingerprint it printed. */
  const tlsInit = (...more: string[]) => admin(runTlsCommand, ['init', '--out', tlsDir, '--host', 'localhost', '--ip', '127.0.0.1', ...more]);

  async function startHost(listen = '127.0.0.1:0'): Promise<TestDaemon> {
    const config = {
      listen: [listen],
      restListen: [],
      tlsCert: path.join(tlsDir, 'mobilityd.crt'),
      tlsKey: path.join(tlsDir, 'mobilityd.key'),
      authTokensFile: tokensFile,
    };
    const started = await startTestDaemon({ sandbox, config });
    await copySamplePackages(started.daemon.packages.dir);
    return started;
  }

  /** The daemon itself, asked the way the extension should have: its pinned certificate and the token. */
  async function truth<T>(fingerprint: string, ask: (client: AgentControlClient) => Promise<T>): Promise<T> {
    const client = new AgentControlClient(daemon!.address, {}, { tlsFingerprint: fingerprint, token });
    try {
      return await ask(client);
    } finally {
      client.close();
    }
  }

  before(async function () {
    this.timeout(180_000);
    started = Date.now();
    checkE2EPrerequisites();
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });

    sandbox = makeSandbox();
    tlsDir = path.join(sandbox.dir, 'tls');
    tokensFile = path.join(sandbox.dir, 'tokens.json');
    firstFingerprint = await tlsInit();
    token = await admin(runTokenCommand, ['create', '--tokens', tokensFile, '--name', 'vscode-e2e', '--role', 'operator']);
    daemon = await startHost();

    session = await openWorkbench({ 'mobility.hosts': [{ name: HOST, address: daemon.address, tls: true }], 'mobility.refreshIntervalSeconds': 2 }, OUT);
    wb = session.wb;
    console.log(`      workbench shown (${elapsed()})`);
  });

  useWorkbenchHooks(() => session, OUT);

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(session, OUT);
    await daemon?.stop();
    sandbox?.remove();
    console.log(`      suite done (${elapsed()})`);
  });

  it('1. first contact shows the self-signed certificate\'s fingerprint; trusted, the host asks for a token', async () => {
    await wb.openViewContainer('Mobility', VIEW);
    const prompt = await wb.waitForDialog(`Trust the certificate of ${HOST}?`);
    console.log(`      fingerprint prompt shown (${elapsed()})`);
    await wb.screenshot('01-fingerprint-prompt');
    assert.ok(prompt.detail.includes(`Fingerprint: ${firstFingerprint}`), `the prompt shows what mobilityd tls init printed: ${prompt.detail}`);
    assert.match(prompt.detail, /self-signed/);
    assert.match(prompt.detail, /IP Address:127\.0\.0\.1/);
    assert.ok(prompt.buttons.includes('Trust'), JSON.stringify(prompt.buttons));
    await wb.waitForRow(VIEW, HOST, 'certificate not trusted');
    await wb.pressDialogButton('Trust');

    const row = await wb.waitForRow(VIEW, HOST, 'authentication failed');
    assert.match(row, /no credentials/);
    await wb.screenshot('02-trusted-needs-token');
  });

  it('2. Set Host Token… takes the token in a password box; the host answers', async () => {
    const since = (await wb.notices()).length;
    await wb.runCommand('Mobility: Set Host Token…');
    await wb.pick(/Set Host Token — which host\?/, HOST);
    await wb.typeInto(`Set Host Token: ${HOST}`, token, 'password');
    await wb.screenshot('01-password-box');
    await wb.answer(`Set Host Token: ${HOST}`, token, 'password');
    await wb.waitForNotice(`${HOST}: token saved in VS Code's secret storage.`, { since, severity: 'info' });
    const row = await wb.waitForRow(VIEW, HOST, 'agent not installed');
    assert.match(row, /mobilityd: .* · TLS, tokens/);
    await wb.screenshot('02-host-answers');
    assert.ok(!JSON.stringify([await wb.notices(), await wb.treeRowNames(VIEW)]).includes(token), 'the token is shown nowhere');
    // The extension's log says what was done, and no log of VS Code's holds the token.
    const logs = path.join(session!.codeServer.userDataDir, 'logs');
    await waitFor('the Mobility log saying the token was set', async () =>
      filesUnder(logs).some((f) => f.file.endsWith('Mobility.log') && f.text.includes(`${HOST}: token set (kept in secret storage)`)) ? true : undefined,
    );
    for (const { file, text } of filesUnder(logs)) assert.ok(!text.includes(token), `${file} holds the token`);
  });

  it('3. Install Mobility Service… runs over TLS with the token', async () => {
    const selected = await truth(firstFingerprint, async (c) => (await c.listPackages()).selectedPackage);
    assert.ok(selected, 'the daemon has a default package');
    const since = (await wb.notices()).length;
    await wb.runCommand('Mobility: Install Mobility Service…');
    await wb.pick(/Install Mobility Service — which host\?/, HOST);
    await wb.pick(/\(1\/4\): role/, 'MS');
    await wb.pick(/\(2\/4\): platform/, 'VMware');
    await wb.answer(/\(3\/4\): install location/, '');
    await wb.pick(/\(4\/4\): package/, selected);
    await wb.waitForNotice(new RegExp(`^${HOST}: install job \\S+ succeeded`), { since, severity: 'info' });
    await wb.waitForRow(VIEW, HOST, 'agent installed');
    await wb.waitForNoProgress();
    await wb.screenshot('01-installed');
    assert.equal((await truth(firstFingerprint, (c) => c.getStatus())).agent?.installed, true);
  });

  it('4. the daemon restarted with another certificate is refused, loudly, and never offered for trust', async () => {
    const port = portOf(daemon!.address);
    await daemon!.stop();
    daemon = undefined;
    secondFingerprint = await tlsInit('--force');
    assert.notEqual(secondFingerprint, firstFingerprint);
    daemon = await startHost(`127.0.0.1:${port}`);

    const warning = await wb.waitForDialog(`THE CERTIFICATE OF HOST ${HOST} HAS CHANGED`);
    console.log(`      changed-certificate warning shown (${elapsed()})`);
    await wb.screenshot('01-changed-warning');
    assert.match(warning.detail, /SOMEONE IS DOING SOMETHING NASTY/);
    assert.ok(warning.detail.includes(`Presented: ${secondFingerprint}`), warning.detail);
    assert.ok(warning.detail.includes(`Trusted: ${firstFingerprint}`) || warning.detail.includes(`Trusted:   ${firstFingerprint}`), warning.detail);
    assert.match(warning.detail, /Forget Trusted Certificate/);
    assert.ok(!warning.buttons.includes('Trust'), 'no way to trust it from here');
    await wb.page.keyboard.press('Escape');
    await wb.dialog.waitFor({ state: 'hidden' });

    const row = await wb.waitForRow(VIEW, HOST, 'certificate changed');
    assert.ok(row.includes(`Presented: ${secondFingerprint}`), row);
    assert.ok(row.includes(`Trusted: ${firstFingerprint}`), row);
    await wb.hoverUntilVisible(wb.row(VIEW, HOST), wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'CERTIFICATE CHANGED' }).first());
    await wb.screenshot('02-row-refused');
    await wb.page.mouse.move(800, 500);
    // The periodic refresh asks again (every 2 s: its Status says when), and the warning does not come
    // back for the same certificate.
    await wb.expand(wb.row(VIEW, HOST));
    await wb.expand(wb.rowLabelled(VIEW, 'Status'));
    const checked = async () => (await wb.treeRowNames(VIEW)).find((n) => n.startsWith('checked: '));
    const first = await waitFor('when the host was last asked', checked);
    await waitFor('a newer answer from the host', async () => {
      const now = await checked();
      return now && now !== first ? now : undefined;
    });
    assert.equal(await wb.rowHeading(VIEW, HOST), `${HOST} — certificate changed`);
    assert.equal(await wb.dialog.isVisible(), false, 'the warning is not repeated at every refresh');
    await wb.collapse(wb.row(VIEW, HOST));
  });

  it('5. Forget Trusted Certificate, then the new certificate is shown and trusted', async () => {
    await wb.runCommand('Mobility: Forget Trusted Certificate');
    await wb.pick(/Forget Trusted Certificate — which host\?/, HOST);
    const confirm = await wb.waitForDialog(`Forget the certificate trusted for ${HOST}?`);
    assert.ok(confirm.detail.includes(firstFingerprint), confirm.detail);
    await wb.pressDialogButton('Forget');
    const prompt = await wb.waitForDialog(`Trust the certificate of ${HOST}?`);
    assert.ok(prompt.detail.includes(`Fingerprint: ${secondFingerprint}`), prompt.detail);
    await wb.screenshot('01-new-fingerprint');
    await wb.pressDialogButton('Trust');
    await wb.waitForRow(VIEW, HOST, 'agent installed');
    await wb.screenshot('02-trusted-again');
    assert.equal((await truth(secondFingerprint, (c) => c.getStatus())).agent?.installed, true);
  });
});
