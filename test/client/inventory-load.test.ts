/**
 * loadInventory on the same fleet written as INI and as YAML
 * (test/fixtures/inventory/): the hosts, their mobilityd addresses, groups
 * and security as the controller uses them, read by the built-in parsers and
 * by the real ansible-inventory alike.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadInventory } from '../../client/inventory/load-inventory';
import type { Inventory, InventoryHost } from '../../client/inventory/inventory-types';
import { REPO_ROOT } from '../helpers/repo-root';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'inventory');
const INI = path.join(FIXTURES, 'fleet.ini');
const YAML = path.join(FIXTURES, 'fleet.yml');
const PIN = 'sha256:64f46a7526a186d2346552453ae478ca51244674f5b21ba150bd483b39f7c812';
const fixture = (file: string) => path.join(FIXTURES, file);

/** What the controller sees of fleet.ini and fleet.yml, by host name. */
const EXPECTED: InventoryHost[] = [
  { name: 'db01', address: '10.0.2.1:50061', groups: ['db', 'prod'], security: { tls: true, tlsFingerprint: PIN, tokenFile: fixture('tokens/db01.token') } },
  { name: 'jump', address: 'ssh://admin@10.0.0.1:2222', groups: [], security: {} },
  { name: 'lab-a', address: '127.0.0.1:50060', groups: ['lab'], security: { tls: false } },
  { name: 'sock01', address: 'ssh://ops@10.0.2.2', groups: ['db', 'prod'], security: { tokenFile: fixture('tokens/prod.token') } },
  { name: 'web01', address: 'web01:50062', groups: ['prod', 'web'], security: { tls: true, tlsFingerprint: PIN, tokenFile: fixture('tokens/prod.token') } },
  { name: 'web02', address: 'web02:50062', groups: ['prod', 'web'], security: { tls: true, tlsFingerprint: PIN, tokenFile: fixture('tokens/prod.token') } },
  { name: 'web03', address: '10.0.1.3:50100', groups: ['prod', 'web'], security: { tls: true, tlsCaFile: fixture('certs/ca.pem'), tokenFile: fixture('tokens/prod.token') } },
];

const EXPECTED_GROUPS = [
  { name: 'db', hosts: ['db01', 'sock01'], children: [] },
  { name: 'lab', hosts: ['lab-a'], children: [] },
  { name: 'prod', hosts: ['db01', 'sock01', 'web01', 'web02', 'web03'], children: ['db', 'web'] },
  { name: 'web', hosts: ['web01', 'web02', 'web03'], children: [] },
];

function byName(inventory: Inventory): InventoryHost[] {
  return [...inventory.hosts].sort((a, b) => a.name.localeCompare(b.name));
}

describe('client: loadInventory', function () {
  this.timeout(30_000); // ansible-inventory is a Python program: its start-up takes a while on a busy machine

  for (const [format, file] of [['INI', INI], ['YAML', YAML]] as const) {
    describe(`the fleet in ${format}`, () => {
      it('built-in parser: every host with its address, groups and security; groups with hosts and children', async () => {
        const inventory = await loadInventory(file, { useAnsible: false });
        assert.equal(inventory.source, 'builtin');
        assert.equal(inventory.file, file);
        assert.deepEqual(byName(inventory), EXPECTED);
        assert.deepEqual(inventory.groups, EXPECTED_GROUPS);
      });

      it('ansible-inventory reads it to the same hosts, addresses, groups and security', async () => {
        const inventory = await loadInventory(file);
        assert.equal(inventory.source, 'ansible-inventory');
        assert.deepEqual(byName(inventory), EXPECTED);
        assert.deepEqual(inventory.groups, EXPECTED_GROUPS);
      });
    });
  }

  it('the built-in parser keeps the inventory\'s order of hosts', async () => {
    const inventory = await loadInventory(INI, { useAnsible: false });
    assert.deepEqual(inventory.hosts.map((h) => h.name), ['jump', 'web01', 'web02', 'web03', 'db01', 'sock01', 'lab-a']);
  });

  it('a relative path names the same file whatever the working folder', async () => {
    const relative = path.relative(process.cwd(), INI);
    const inventory = await loadInventory(relative, { useAnsible: false });
    assert.equal(inventory.file, INI);
    assert.equal(inventory.hosts.find((h) => h.name === 'db01')?.security.tokenFile, fixture('tokens/db01.token'));
  });

  it('options.limit applies Ansible\'s --limit: web:&prod:!web02', async () => {
    const inventory = await loadInventory(INI, { useAnsible: false, limit: 'web:&prod:!web02' });
    assert.deepEqual(inventory.hosts.map((h) => h.name), ['web01', 'web03']);
    assert.deepEqual(inventory.groups.map((g) => [g.name, g.hosts]), [['prod', ['web01', 'web03']], ['web', ['web01', 'web03']]]);
  });

  describe('variables', () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-inventory-'))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const both = async (file: string) => [await loadInventory(file, { useAnsible: false }), await loadInventory(file)];

    it('precedence: host > child group > parent group > all; ansible_port is SSH\'s, not mobilityd\'s', async () => {
      const file = write(
        'precedence.ini',
        ['a ansible_port=2200', 'b mobilityd_port=7004', '[child]', 'a', 'b', 'c', '[parent:children]', 'child', '[parent]', 'd',
          '[child:vars]', 'mobilityd_port=7003', '[parent:vars]', 'mobilityd_port=7002', '[all:vars]', 'mobilityd_port=7001', '[other]', 'e', '[other:vars]', 'x=1'].join('\n'),
      );
      for (const inventory of await both(file)) {
        const port = (name: string) => inventory.hosts.find((h) => h.name === name)?.address;
        assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map(port), ['a:7003', 'b:7004', 'c:7003', 'd:7002', 'e:7001'], inventory.source);
      }
    });

    it('ranges, quoted values, a custom socket over ssh://, and mobilityd_transport: ssh with no user or port', async () => {
      const file = write(
        'misc.ini',
        ['node[8:10] mobilityd_transport=ssh', '[s]', 'box ansible_host=10.1.1.1 ansible_connection=ssh ansible_user=me mobilityd_socket=/var/run/m.sock', '[s:vars]', 'who="a b"'].join('\n'),
      );
      for (const inventory of await both(file)) {
        assert.deepEqual(
          inventory.hosts.map((h) => [h.name, h.address]).sort(),
          [['box', 'ssh://me@10.1.1.1/var/run/m.sock'], ['node10', 'ssh://node10'], ['node8', 'ssh://node8'], ['node9', 'ssh://node9']],
          inventory.source,
        );
      }
    });

    it('a host\'s own CA file beats its group\'s pin; its own mobilityd_tls: false beats both', async () => {
      const file = write(
        'trust.yml',
        `all:\n  children:\n    g:\n      vars:\n        mobilityd_tls_fingerprint: "${PIN}"\n      hosts:\n        pinned:\n        ca:\n          mobilityd_tls_ca: /etc/ca.pem\n        plain:\n          mobilityd_tls: false\n`,
      );
      for (const inventory of await both(file)) {
        const security = Object.fromEntries(inventory.hosts.map((h) => [h.name, h.security]));
        assert.deepEqual(security, { pinned: { tls: true, tlsFingerprint: PIN }, ca: { tls: true, tlsCaFile: '/etc/ca.pem' }, plain: { tls: false } }, inventory.source);
      }
    });

    it('an IPv6 ansible_host is bracketed in the address', async () => {
      const file = write('v6.yml', 'all:\n  hosts:\n    six:\n      ansible_host: "fd00::4"\n      mobilityd_port: 7000\n');
      for (const inventory of await both(file)) assert.equal(inventory.hosts[0].address, '[fd00::4]:7000', inventory.source);
    });
  });
});
