/**
 * The inventory in the extension, without VS Code: the mobility.inventory
 * setting's path, the inventory's hosts merged with the hand-added ones (each
 * with its own address and security), the Hosts tree's folders, the last good
 * inventory kept while the file does not read well, and what is watched.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InventoryError, loadInventory } from '../../client/inventory/load-inventory';
import type { Inventory, InventoryHost } from '../../client/inventory/inventory-types';
import { folderRow, foldersByHost, hostFolders } from '../../extension/src/model/host-folders';
import type { HostEntry } from '../../extension/src/model/host-settings';
import { mergeInventoryHosts } from '../../extension/src/model/inventory-hosts';
import { InventoryKeeper } from '../../extension/src/model/inventory-keeper';
import { resolveInventorySetting } from '../../extension/src/model/inventory-setting';
import { inventoryWatchTarget } from '../../extension/src/model/inventory-watch';

const FINGERPRINT = `sha256:${'ab'.repeat(32)}`;
const FILE = '/etc/ansible/hosts.ini';

function inventory(hosts: Partial<InventoryHost>[], file = FILE): Inventory {
  return {
    file,
    hosts: hosts.map((h, i) => ({ name: `h${i}`, address: `10.0.0.${i + 1}:50051`, groups: [], security: {}, ...h })),
    groups: [],
    source: 'builtin',
  };
}

describe('extension: the mobility.inventory setting', () => {
  const context = { homeDir: '/home/ops', workspaceFolder: '/work/fleet' };

  it('expands ~ and ${workspaceFolder}, and takes a relative path from the workspace folder', () => {
    assert.deepEqual(resolveInventorySetting('~/ansible/hosts.ini', context), { file: '/home/ops/ansible/hosts.ini' });
    assert.deepEqual(resolveInventorySetting('${workspaceFolder}/inventory.yml', context), { file: '/work/fleet/inventory.yml' });
    assert.deepEqual(resolveInventorySetting('inventories/prod.ini', context), { file: '/work/fleet/inventories/prod.ini' });
    assert.deepEqual(resolveInventorySetting(' /etc/ansible/hosts ', context), { file: '/etc/ansible/hosts' });
  });

  it('means no inventory when unset or empty', () => {
    assert.deepEqual(resolveInventorySetting(undefined, context), {});
    assert.deepEqual(resolveInventorySetting('', context), {});
    assert.deepEqual(resolveInventorySetting('   ', context), {});
  });

  it('says how to write the path when it cannot be one', () => {
    const noFolder = { homeDir: '/home/ops' };
    const cases: [unknown, typeof context | typeof noFolder, RegExp][] = [
      [42, context, /must be the path of an Ansible inventory file, e\.g\. "~\/ansible\/hosts\.ini"/],
      ['${workspaceFolder}/hosts', noFolder, /no folder is open; open the folder, or write an absolute path/],
      ['hosts.ini', noFolder, /relative path and no folder is open; write an absolute path or ~\//],
      ['${env:HOME}/hosts', context, /a variable other than \$\{workspaceFolder\}/],
      ['[web]\nweb01', context, /one path, not the inventory's contents/],
    ];
    for (const [raw, ctx, problem] of cases) {
      const result = resolveInventorySetting(raw, ctx);
      assert.equal(result.file, undefined);
      assert.match(result.problem ?? '', problem);
      assert.match(result.problem ?? '', /^mobility\.inventory /);
    }
  });
});

describe('extension: inventory hosts', () => {
  it('gives each host its own address, groups and security: fingerprint pinned, CA file, token file', () => {
    const inv = inventory([
      { name: 'web01', address: '10.0.0.4', groups: ['prod', 'web'], security: { tls: true, tlsFingerprint: FINGERPRINT.toUpperCase().replace('SHA256', 'sha256'), tokenFile: '/keys/web01.token' } },
      { name: 'db01', address: '10.0.0.5:6000', groups: ['db'], security: { tls: true, tlsCaFile: '/pki/ca.pem' } },
      { name: 'lab', address: '10.0.0.6:50051', security: { tls: true } },
      { name: 'plain', address: '127.0.0.1:50051' },
    ]);
    const { hosts, problems } = mergeInventoryHosts(inv, []);
    assert.deepEqual(problems, []);
    assert.deepEqual(hosts, [
      { name: 'web01', address: '10.0.0.4:50051', tls: { fingerprint: FINGERPRINT }, inventory: { file: FILE, groups: ['prod', 'web'], tokenFile: '/keys/web01.token' } },
      { name: 'db01', address: '10.0.0.5:6000', tls: { ca: '/pki/ca.pem' }, inventory: { file: FILE, groups: ['db'] } },
      { name: 'lab', address: '10.0.0.6:50051', tls: {}, inventory: { file: FILE, groups: [] } },
      { name: 'plain', address: '127.0.0.1:50051', inventory: { file: FILE, groups: [] } },
    ]);
  });

  it('adds the hand-added hosts after the inventory\'s; a name in both is shown once, from the inventory, and reported', () => {
    const byHand: HostEntry[] = [
      { name: 'laptop', address: '127.0.0.1:50051' },
      { name: 'WEB01', address: '192.168.1.9:50051' },
    ];
    const { hosts, problems } = mergeInventoryHosts(inventory([{ name: 'web01', groups: ['web'] }]), byHand);
    assert.deepEqual(hosts.map((h) => [h.name, h.address]), [['web01', '10.0.0.1:50051'], ['laptop', '127.0.0.1:50051']]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /mobility\.hosts: "WEB01" is also a host of the inventory \/etc\/ansible\/hosts\.ini; the inventory's is shown\. Rename or remove/);
  });

  it('leaves out a host it cannot dial, saying which and how to fix it, and keeps the others', () => {
    const { hosts, problems } = mergeInventoryHosts(inventory([{ name: 'bad', address: 'web 01:99' }, { name: 'good' }]), []);
    assert.deepEqual(hosts.map((h) => h.name), ['good']);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^\/etc\/ansible\/hosts\.ini: host "bad": .*Fix its ansible_host or mobilityd_port\. Left out\.$/);
  });

  it('keeps a fingerprint that is not one as written, so dialling fails rather than falling back to plain gRPC', () => {
    const { hosts } = mergeInventoryHosts(inventory([{ name: 'x', security: { tlsFingerprint: 'sha256:nothex' } }]), []);
    assert.deepEqual(hosts[0].tls, { fingerprint: 'sha256:nothex' });
  });
});

describe('extension: the Hosts tree\'s folders', () => {
  const hosts: HostEntry[] = [
    { name: 'web01', address: 'a:1', inventory: { file: FILE, groups: ['prod', 'web'] } },
    { name: 'db01', address: 'b:1', inventory: { file: FILE, groups: ['db', 'prod'] } },
    { name: 'lab', address: 'c:1', inventory: { file: FILE, groups: [] } },
    { name: 'laptop', address: 'd:1' },
  ];

  it('are none without inventory hosts: the tree stays flat, as it always was', () => {
    assert.equal(hostFolders([{ name: 'a', address: 'a:1' }, { name: 'b', address: 'b:1' }]), undefined);
    assert.equal(hostFolders([]), undefined);
  });

  it('are the groups by name, a host under each of its groups, then "ungrouped", then "Added by hand"', () => {
    const folders = hostFolders(hosts)!;
    assert.deepEqual(
      folders.map((f) => [f.label, f.hosts]),
      [
        ['db', ['db01']],
        ['prod', ['web01', 'db01']],
        ['web', ['web01']],
        ['ungrouped', ['lab']],
        ['Added by hand', ['laptop']],
      ],
    );
    assert.equal(new Set(folders.map((f) => f.id)).size, folders.length, 'folder ids are unique');
    assert.deepEqual(foldersByHost(folders).get('web01'), ['folder/group/prod', 'folder/group/web']);
  });

  it('leave out "ungrouped" and "Added by hand" when nobody is in them', () => {
    const folders = hostFolders(hosts.slice(0, 2))!;
    assert.deepEqual(folders.map((f) => f.label), ['db', 'prod', 'web']);
  });

  it('show as collapsible folders with their host count', () => {
    const [db, prod, , ungrouped, byHand] = hostFolders(hosts)!;
    assert.deepEqual(folderRow(prod), {
      id: 'folder/group/prod',
      label: 'prod',
      description: '2 hosts',
      icon: { id: 'symbol-namespace' },
      tooltip: { markdown: '**Inventory group prod**\n\n2 hosts', plain: 'Inventory group prod\n2 hosts' },
      contextValue: 'inventoryGroup',
      collapsible: 'expanded',
    });
    assert.equal(folderRow(db).description, '1 host');
    assert.equal(folderRow(ungrouped).contextValue, 'inventoryGroup');
    assert.deepEqual([folderRow(byHand).icon, folderRow(byHand).contextValue], [{ id: 'folder' }, 'hostsByHand']);
  });
});

describe('extension: reading the inventory again', () => {
  it('keeps the last good inventory of the file while it does not read well, and says so with the fix', async () => {
    let next: Inventory | Error = inventory([{ name: 'web01' }, { name: 'web02' }]);
    const keeper = new InventoryKeeper(async () => {
      if (next instanceof Error) throw next;
      return next;
    });
    const good = await keeper.read(FILE);
    assert.equal(good?.inventory?.hosts.length, 2);
    assert.equal(good?.error, undefined);

    next = new InventoryError('line 3: "[web" opens a group without closing it; write [web]', { file: FILE, line: 3 });
    keeper.changed(); // the watcher saw the edit
    const bad = await keeper.read(FILE);
    assert.equal(bad?.inventory, good?.inventory, 'the last good hosts stay');
    assert.equal(
      bad?.error,
      `Inventory ${FILE}:3: line 3: "[web" opens a group without closing it; write [web]. Fix the file (or the mobility.inventory setting); the Hosts tree keeps the 2 hosts last read from it until the file reads well again.`,
    );
  });

  it('reads the file again only once told it may have changed (the watcher, Refresh), not on every reload of the hosts', async () => {
    let loads = 0;
    const keeper = new InventoryKeeper(async (file) => (loads++, inventory([{ name: `web0${loads}` }], file)));
    const first = await keeper.read(FILE);
    assert.equal(await keeper.read(FILE), first, 'a token set or a certificate trusted reuses the reading');
    assert.equal(loads, 1);
    keeper.changed();
    assert.deepEqual((await keeper.read(FILE))?.inventory?.hosts.map((h) => h.name), ['web02']);
    await keeper.read('/elsewhere/hosts');
    assert.equal(loads, 3, 'another file is read');
  });

  it('keeps nothing of another file, and forgets the inventory when the setting is cleared', async () => {
    let fail = false;
    const keeper = new InventoryKeeper(async (file) => {
      if (fail) throw new Error(`ENOENT: no such file ${file}`);
      return inventory([{ name: 'web01' }], file);
    });
    await keeper.read(FILE);
    fail = true;
    const other = await keeper.read('/elsewhere/hosts');
    assert.equal(other?.inventory, undefined);
    assert.match(other?.error ?? '', /^Cannot read the inventory \/elsewhere\/hosts: ENOENT: no such file \/elsewhere\/hosts\. Fix the file .*no inventory hosts are shown until it does\.$/);
    fail = false;
    await keeper.read(FILE);
    assert.deepEqual(await keeper.read(undefined), {});
    fail = true;
    assert.equal((await keeper.read(FILE))?.inventory, undefined, 'cleared: nothing is kept');
  });

  it('answers only the newest of overlapping reads', async () => {
    const pending: ((inv: Inventory) => void)[] = [];
    const keeper = new InventoryKeeper(() => new Promise<Inventory>((resolve) => pending.push(resolve)));
    const older = keeper.read(FILE);
    const newer = keeper.read(FILE);
    pending[1](inventory([{ name: 'new' }]));
    pending[0](inventory([{ name: 'old' }]));
    assert.equal(await older, undefined);
    assert.deepEqual((await newer)?.inventory?.hosts.map((h) => h.name), ['new']);
  });
});

describe('extension: what is watched for the inventory', () => {
  it('is the file and its host_vars/ and group_vars/, from its folder (editors replace files on save)', () => {
    assert.deepEqual(inventoryWatchTarget('/etc/ansible/hosts.ini'), { folder: '/etc/ansible', pattern: '{hosts.ini,host_vars/**,group_vars/**}' });
    assert.deepEqual(inventoryWatchTarget('/x/odd{name}.yml').pattern, '{odd[{]name[}].yml,host_vars/**,group_vars/**}');
  });
});

describe('extension: a real inventory file into the tree\'s folders', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-ext-inventory-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads an INI inventory of two groups with the built-in parser and shows each group as a folder', async () => {
    const file = path.join(dir, 'hosts.ini');
    fs.writeFileSync(
      file,
      [
        'lab ansible_host=127.0.0.9',
        '[web]',
        `web01 ansible_host=10.0.0.4 mobilityd_tls_fingerprint=${FINGERPRINT}`,
        'web02 ansible_host=10.0.0.5 mobilityd_port=6000',
        '[db]',
        'db01 ansible_host=10.0.0.6 mobilityd_token_file=db01.token',
        'web01',
        '',
      ].join('\n'),
    );
    const inv = await loadInventory(file, { useAnsible: false });
    const { hosts, problems } = mergeInventoryHosts(inv, [{ name: 'laptop', address: '127.0.0.1:50051' }]);
    assert.deepEqual(problems, []);
    const web01 = hosts.find((h) => h.name === 'web01')!;
    assert.deepEqual([web01.address, web01.tls], ['10.0.0.4:50051', { fingerprint: FINGERPRINT }]);
    assert.equal(hosts.find((h) => h.name === 'web02')!.address, '10.0.0.5:6000');
    assert.equal(hosts.find((h) => h.name === 'db01')!.inventory?.tokenFile, path.join(dir, 'db01.token'), 'relative to the inventory');
    assert.deepEqual(
      hostFolders(hosts)!.map((f) => [f.label, f.hosts]),
      [
        ['db', ['web01', 'db01']],
        ['web', ['web01', 'web02']],
        ['ungrouped', ['lab']],
        ['Added by hand', ['laptop']],
      ],
    );
  });
});
