/**
 * The VS Code extension end to end, in a REAL VS Code: code-server (from
 * .cache/vscode-e2e, filled by `npm run e2e:setup`) in headless Chromium driven
 * by playwright-core, with dist/mobility-control.vsix (`npm run package:extension`)
 * installed, talking to two real mobilityd ("alpha" and "beta") on 127.0.0.1.
 * Everything is done through the UI, as an engineer would; the daemons are
 * only asked afterwards, to check that what the UI showed is true.
 * Screenshots of each step: test-artifacts/e2e/<test>/<step>.png.
 *
 * The tests run in order and build on each other (install, then register, ...);
 * one code-server and one browser serve the whole suite.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copySamplePackages, setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { ARTIFACTS, checkE2EPrerequisites } from './helpers/paths';
import { waitFor, type Workbench } from './helpers/workbench';
import { closeWorkbench, openWorkbench, useWorkbenchHooks, type WorkbenchSession } from './helpers/workbench-session';

const PASSPHRASE = 'e2e-sample-CS-passphrase-2718';
const CS_ENDPOINT = '10.0.0.5';
const VIEW = 'Hosts';

/** The state words a host row's accessible name starts with ("<name> — <words>"). */
const STATE = {
  unreachable: 'unreachable',
  notInstalled: 'agent not installed',
  installed: 'agent installed',
  registered: 'registered',
  jobRunning: 'job running',
  lastJobFailed: 'last job failed',
} as const;

/** A real mobilityd on 127.0.0.1 (port 0 unless given) with the sample packages and the sample CS passphrase. */
async function startHost(sandbox: Sandbox, listen = '127.0.0.1:0'): Promise<TestDaemon> {
  const daemon = await startTestDaemon({ sandbox, config: { listen: [listen] } });
  await copySamplePackages(daemon.daemon.packages.dir);
  setSamplePassphrase(sandbox.root, PASSPHRASE);
  return daemon;
}

const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

describe('the VS Code extension in a real VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  this.slow(30_000);

  const sandboxes: Sandbox[] = [];
  let alpha: TestDaemon | undefined;
  let beta: TestDaemon | undefined;
  let betaSandbox: Sandbox;
  let betaPort = 0;
  let session: WorkbenchSession | undefined;
  let wb: Workbench;
  let started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  before(async function () {
    this.timeout(180_000);
    started = Date.now();
    checkE2EPrerequisites();
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });

    const alphaSandbox = makeSandbox();
    betaSandbox = makeSandbox();
    sandboxes.push(alphaSandbox, betaSandbox);
    alpha = await startHost(alphaSandbox);
    beta = await startHost(betaSandbox);
    betaPort = portOf(beta.address);

    const hosts = [
      { name: 'alpha', address: alpha.address },
      { name: 'beta', address: beta.address },
    ];
    session = await openWorkbench({ 'mobility.hosts': hosts, 'mobility.refreshIntervalSeconds': 2 }, ARTIFACTS);
    wb = session.wb;
    console.log(`      workbench shown at ${session.codeServer.url} (${elapsed()})`);
  });

  useWorkbenchHooks(() => session, ARTIFACTS);

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(session, ARTIFACTS);
    await alpha?.stop();
    await beta?.stop();
    for (const sandbox of sandboxes) sandbox.remove();
    console.log(`      suite done (${elapsed()})`);
  });

  it('1. the Hosts tree shows both hosts with their true state', async () => {
    await wb.openViewContainer('Mobility', VIEW);
    const alphaRow = await wb.waitForRow(VIEW, 'alpha', STATE.notInstalled);
    const betaRow = await wb.waitForRow(VIEW, 'beta', STATE.notInstalled);
    console.log(`      tree populated (${elapsed()})`);
    assert.match(alphaRow, new RegExp(`Address: ${alpha!.address}`));
    assert.match(betaRow, new RegExp(`Address: ${beta!.address}`));
    assert.match(alphaRow, /Ubuntu 20\.04/, 'the tooltip tells the host\'s OS');
    // The truth, from the daemons themselves.
    for (const d of [alpha!, beta!]) assert.equal((await d.client.getStatus()).agent?.installed, false);
    await wb.screenshot('01-hosts-tree');
    // The row's tooltip, as the engineer sees it on hover.
    await wb.hoverUntilVisible(wb.row(VIEW, 'alpha'), wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: alpha!.address }).first());
    await wb.screenshot('02-alpha-tooltip');
    await wb.page.mouse.move(800, 500);
  });

  it('2. Install Mobility Service… from the palette installs the sample agent on alpha, showing each step', async () => {
    // Each installer phase takes 2 s, so the progress and the "job running" row can be seen.
    setSampleFaults(alpha!.sandbox.root, ['slow=2']);
    const selected = (await alpha!.client.listPackages()).selectedPackage;
    assert.ok(selected, 'alpha has a default package');
    const since = (await wb.notices()).length;

    await wb.runCommand('Mobility: Install Mobility Service…');
    await wb.pick(/Install Mobility Service — which host\?/, 'alpha');
    await wb.pick(/\(1\/4\): role/, 'MS');
    await wb.screenshot('01-role');
    await wb.pick(/\(2\/4\): platform/, 'VMware');
    await wb.answer(/\(3\/4\): install location/, '');
    await wb.waitForQuickInput(/\(4\/4\): package/, 'pick');
    await wb.screenshot('02-package');
    await wb.pick(/\(4\/4\): package/, selected);

    // While the installer runs (seconds, with the slow fault), its run stands as the prerequisite check.
    await wb.waitForNotice(/^alpha: Install Mobility Service: Prerequisite check: running/, { since });
    await wb.waitForRow(VIEW, 'alpha', STATE.jobRunning);
    await wb.screenshot('03-progress');
    const outcome = await wb.waitForNotice(/^alpha: install job \S+ succeeded/, { since, severity: 'info' });
    await wb.waitForRow(VIEW, 'alpha', STATE.installed);
    await wb.waitForNoProgress();
    await wb.screenshot('04-installed');

    // The installer's run (seconds, with the slow fault) is seen running; it reports no progress of its
    // own, so Install agent is settled from its exit code and files when it ends, and a step that
    // takes milliseconds (Copy package) may be replaced before it is drawn.
    const progress = (await wb.notices()).slice(since).map((n) => n.text).filter((t) => t.startsWith('alpha: Install Mobility Service: '));
    for (const step of ['Prerequisite check: running']) {
      assert.ok(progress.includes(`alpha: Install Mobility Service: ${step}`), `the progress showed "${step}"; it showed ${JSON.stringify(progress)}`);
    }
    const status = await alpha!.client.getStatus();
    assert.equal(status.agent?.installed, true);
    assert.match(outcome.text, new RegExp(`agent ${status.agent!.version.replace(/\./g, '\\.')} installed`));
    // beta is untouched.
    await wb.waitForRow(VIEW, 'beta', STATE.notInstalled);
    setSampleFaults(alpha!.sandbox.root, []);
  });

  /** Register with Configuration Server… on alpha with a typed passphrase; returns the index of the first new notice. */
  async function register(passphrase: string, shot: string): Promise<number> {
    const since = (await wb.notices()).length;
    await wb.runCommand('Mobility: Register with Configuration Server…');
    await wb.pick(/Register with Configuration Server — which host\?/, 'alpha');
    // The IP address is checked as it is typed.
    await wb.typeInto(/\(1\/2\): configuration server/, '300.1.1.1');
    await wb.waitForQuickInputMessage(/300\.1\.1\.1/);
    await wb.screenshot(`${shot}-01-ip-checked`);
    await wb.answer(/\(1\/2\): configuration server/, CS_ENDPOINT);
    await wb.pick(/\(2\/2\): passphrase/, 'Type it…');
    await wb.answer(/\(2\/2\): passphrase/, passphrase, 'password');
    return since;
  }

  it('3. Register with Configuration Server…: a wrong passphrase shows the daemon\'s error, the right one registers alpha', async () => {
    const wrongSince = await register('not-the-passphrase', 'wrong');
    const failure = await wb.waitForNotice(/^alpha: register job \S+ failed/, { since: wrongSince, severity: 'error' });
    await wb.waitForRow(VIEW, 'alpha', STATE.lastJobFailed);
    await wb.waitForNoProgress();
    await wb.expandNotice(/^alpha: register job \S+ failed/);
    await wb.screenshot('wrong-02-error');
    // The notification carries the daemon's own words for the failed job.
    const [failed] = (await alpha!.client.listJobs({ pageSize: 1 })).jobs;
    assert.ok(failed?.message, 'the daemon has the failed job');
    assert.ok(failure.text.includes(failed.message), `the notification ${JSON.stringify(failure.text)} shows the daemon's ${JSON.stringify(failed.message)}`);
    assert.match(failure.text, /the configuration server rejected the passphrase/);

    const rightSince = await register(PASSPHRASE, 'right');
    await wb.waitForNotice(/^alpha: register job \S+ succeeded/, { since: rightSince, severity: 'info' });
    const row = await wb.waitForRow(VIEW, 'alpha', STATE.registered);
    assert.match(row, new RegExp(`CS endpoint: ${CS_ENDPOINT.replace(/\./g, '\\.')}`));
    await wb.waitForNoProgress();
    await wb.screenshot('right-02-registered');
    assert.ok((await alpha!.client.getStatus()).agent?.csEndpoint === CS_ENDPOINT);
    // The passphrase never reaches the screen's texts.
    assert.ok(!JSON.stringify(await wb.notices()).includes(PASSPHRASE), 'no notification shows the passphrase');
  });

  it('4. Tail Installer Log follows the log: lines appended after it opened appear', async () => {
    const channel = 'Mobility: alpha installer log';
    await wb.runCommand('Mobility: Tail Installer Log');
    await wb.pick(/Tail Installer Log — which host\?/, 'alpha');
    await waitFor(`the Output panel showing "${channel}"`, async () => ((await wb.outputChannel()) === channel ? true : undefined), {
      describe: async () => `showing "${await wb.outputChannel()}"`,
    });
    // The tail shows the log's last lines first (the install just wrote them).
    await waitFor('the installer log\'s existing lines in the tail', async () => {
      const lines = await wb.outputLines(channel);
      return lines.some((l) => l.trim() !== '' && !l.includes('[mobility]')) ? lines : undefined;
    }, { describe: async () => JSON.stringify(await wb.outputLines(channel)) });
    await wb.screenshot('01-tail-opened');

    const marker = `e2e-${Date.now().toString(36)}`;
    const appended = [`${marker} appended line one`, `${marker} appended line two`, `${marker} ERROR appended error line`];
    fs.appendFileSync(alpha!.logPath('installer'), `${appended.join('\n')}\n`);
    const shown = await waitFor('the appended lines in the tail', async () => {
      const lines = await wb.outputLines(channel);
      return appended.every((a) => lines.some((l) => l.includes(a))) ? lines : undefined;
    }, { describe: async () => JSON.stringify((await wb.outputLines(channel)).slice(-8)) });
    await wb.screenshot('02-appended-lines');
    // In order, once each, and the error line stands out (logged at error level).
    const indexes = appended.map((a) => shown.findIndex((l) => l.includes(a)));
    assert.deepEqual([...indexes].sort((a, b) => a - b), indexes, `in order: ${JSON.stringify(shown)}`);
    for (const a of appended) assert.equal(shown.filter((l) => l.includes(a)).length, 1, `"${a}" once`);
    assert.match(shown[indexes[2]], /\[error\]/, 'the error line is logged at error level');
  });

  it('5. stopping beta turns its row unreachable while alpha keeps working; restarting beta brings it back', async () => {
    await beta!.stop();
    beta = undefined;
    const down = await wb.waitForRow(VIEW, 'beta', STATE.unreachable);
    assert.match(down, /refused|unavailable|cannot|no answer/i, `the row tells why: ${JSON.stringify(down)}`);
    await wb.screenshot('01-beta-unreachable');

    // alpha answers while beta is down: a change made on alpha meanwhile (its configuration server
    // moved, as another tool would write it) shows after Refresh, and it is still registered.
    await wb.waitForRow(VIEW, 'alpha', STATE.registered);
    const vxVersion = path.join(alpha!.sandbox.root, 'usr/local/.vx_version');
    fs.writeFileSync(vxVersion, fs.readFileSync(vxVersion, 'utf8').replace(/^(CS_IP|CSIP|CS_ADDRESS|CS_ENDPOINT)=.*$/m, '$1=10.0.0.99'));
    await wb.runCommand('Mobility: Refresh');
    await waitFor('a fresh answer from alpha', async () => {
      const now = (await wb.treeRowNames(VIEW)).find((n) => n.startsWith('alpha — '));
      return now && /CS endpoint: 10\.0\.0\.99/.test(now) && now.split('\n')[0] === `alpha — ${STATE.registered}` ? now : undefined;
    });
    await wb.waitForRow(VIEW, 'beta', STATE.unreachable);
    await wb.screenshot('02-alpha-still-working');

    // beta again, on the same port and over the same host.
    beta = await startHost(betaSandbox, `127.0.0.1:${betaPort}`);
    assert.equal(portOf(beta.address), betaPort);
    await wb.waitForRow(VIEW, 'beta', STATE.notInstalled);
    await wb.waitForRow(VIEW, 'alpha', STATE.registered);
    await wb.screenshot('03-beta-back');
  });
});
