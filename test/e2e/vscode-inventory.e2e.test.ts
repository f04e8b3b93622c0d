/**
 * The inventory in a REAL VS Code (code-server + Chromium, as the other e2e
 * suites): mobility.inventory set to an INI inventory of two groups over two
 * real mobilityd, and one host added by hand. Through the UI only: each group
 * is a folder with its host count, a host in both groups is under each with
 * its true state, the hand-added host is under "Added by hand"; saving the file
 * with a group gone reloads the tree; a broken file shows an error naming the
 * line and keeps the hosts. Screenshots: test-artifacts/e2e/inventory/.
 *
 * Its own code-server; runs alone: npx mocha test/e2e/vscode-inventory.e2e.test.ts
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon';
import { ARTIFACTS, checkE2EPrerequisites } from './helpers/paths';
import { waitFor, type Workbench } from './helpers/workbench';
import { closeWorkbench, openWorkbench, useWorkbenchHooks, type WorkbenchSession } from './helpers/workbench-session';

const VIEW = 'Hosts';
const OUT = path.join(ARTIFACTS, 'inventory');
const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

describe('the inventory in a real VS Code: groups as folders, following the file', function () {
  this.timeout(120_000);
  this.slow(30_000);

  let sandbox: Sandbox;
  let daemons: TestDaemon[] = [];
  let inventoryFile: string;
  let session: WorkbenchSession | undefined;
  let wb: Workbench;

  const headings = async () => (await wb.treeRowNames(VIEW)).map((n) => n.split('\n')[0]);
  const waitForHeadings = (expected: string[]) =>
    waitFor(`the Hosts tree ${JSON.stringify(expected)}`, async () => (JSON.stringify(await headings()) === JSON.stringify(expected) ? true : undefined), {
      describe: async () => JSON.stringify(await headings()),
    });

  function writeInventory(lines: string[]): void {
    fs.writeFileSync(inventoryFile, `${lines.join('\n')}\n`);
  }

  before(async function () {
    this.timeout(180_000);
    checkE2EPrerequisites();
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    sandbox = makeSandbox();
    daemons = [await startTestDaemon({ config: { restListen: [] } }), await startTestDaemon({ config: { restListen: [] } })];
    inventoryFile = path.join(sandbox.dir, 'hosts.ini');
    const [alpha, beta] = daemons.map((d) => portOf(d.address));
    writeInventory(['[web]', `alpha ansible_host=127.0.0.1 mobilityd_port=${alpha}`, `beta ansible_host=127.0.0.1 mobilityd_port=${beta}`, '[db]', 'beta']);
    session = await openWorkbench(
      { 'mobility.inventory': inventoryFile, 'mobility.hosts': [{ name: 'laptop', address: daemons[0].address }], 'mobility.refreshIntervalSeconds': 2 },
      OUT,
    );
    wb = session.wb;
  });

  useWorkbenchHooks(() => session, OUT);

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(session, OUT);
    for (const d of daemons) await d.stop();
    sandbox?.remove();
  });

  it('shows each group as a folder with its hosts and their status, a host in two groups under each', async () => {
    await wb.openViewContainer('Mobility', VIEW);
    await waitForHeadings([
      'Inventory group db',
      'beta — agent not installed',
      'Inventory group web',
      'alpha — agent not installed',
      'beta — agent not installed',
      'Hosts added by hand (mobility.hosts)',
      'laptop — agent not installed',
    ]);
    const names = await wb.treeRowNames(VIEW);
    assert.ok(names.includes('Inventory group web\n2 hosts'), JSON.stringify(names));
    assert.ok(names.includes('Inventory group db\n1 host'), JSON.stringify(names));
    await wb.screenshot('01-folders');
  });

  it('follows the file: a group removed goes away; a broken file keeps the hosts and says what to fix', async () => {
    const [alpha, beta] = daemons.map((d) => portOf(d.address));
    writeInventory(['[web]', `alpha ansible_host=127.0.0.1 mobilityd_port=${alpha}`, `beta ansible_host=127.0.0.1 mobilityd_port=${beta}`]);
    await waitForHeadings([
      'Inventory group web',
      'alpha — agent not installed',
      'beta — agent not installed',
      'Hosts added by hand (mobility.hosts)',
      'laptop — agent not installed',
    ]);
    await wb.screenshot('02-group-removed');

    writeInventory(['[web', 'alpha']);
    const notice = await wb.waitForNotice(/Fix the file \(or the mobility\.inventory setting\); the Hosts tree keeps the 2 hosts/, { severity: 'error' });
    assert.ok(notice.text.includes(inventoryFile), notice.text);
    await wb.screenshot('03-broken-file');
    assert.deepEqual((await headings()).slice(0, 3), ['Inventory group web', 'alpha — agent not installed', 'beta — agent not installed']);
  });
});
