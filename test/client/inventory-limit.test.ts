/** Ansible's --limit patterns over an inventory (applyLimit): what a pattern selects, and a clear error for one that selects nothing. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyLimit, InventoryError, loadInventory } from '../../client/inventory/load-inventory';
import type { Inventory } from '../../client/inventory/inventory-types';
import { REPO_ROOT } from '../helpers/repo-root';

const INI = path.join(REPO_ROOT, 'test', 'fixtures', 'inventory', 'fleet.ini');

describe('client: inventory --limit patterns', () => {
  let fleet: Inventory;
  before(async () => {
    fleet = await loadInventory(INI, { useAnsible: false });
  });
  const names = (pattern: string) => applyLimit(fleet, pattern).hosts.map((h) => h.name);

  const cases: Array<[string, string[]]> = [
    ['web01', ['web01']],
    ['web', ['web01', 'web02', 'web03']],
    ['prod', ['web01', 'web02', 'web03', 'db01', 'sock01']],
    ['all', ['jump', 'web01', 'web02', 'web03', 'db01', 'sock01', 'lab-a']],
    ['*', ['jump', 'web01', 'web02', 'web03', 'db01', 'sock01', 'lab-a']],
    ['web0*', ['web01', 'web02', 'web03']],
    ['l*', ['lab-a']],
    ['db:lab', ['db01', 'sock01', 'lab-a']],
    ['db,lab', ['db01', 'sock01', 'lab-a']],
    ['prod:&web', ['web01', 'web02', 'web03']],
    ['prod:!web', ['db01', 'sock01']],
    ['!prod', ['jump', 'lab-a']],
    ['prod:!web02', ['web01', 'web03', 'db01', 'sock01']],
    ['~^(jump|lab)', ['jump', 'lab-a']],
    ['!web02:prod:&web', ['web01', 'web03']],
  ];
  for (const [pattern, expected] of cases) {
    it(`"${pattern}" selects ${expected.join(', ')}`, () => assert.deepEqual(names(pattern), expected));
  }

  it('the groups keep only the selected hosts, and only groups that still have one', () => {
    const limited = applyLimit(fleet, 'db01:lab-a');
    assert.deepEqual(limited.groups, [
      { name: 'db', hosts: ['db01'], children: [] },
      { name: 'lab', hosts: ['lab-a'], children: [] },
      { name: 'prod', hosts: ['db01'], children: ['db'] },
    ]);
  });

  const errors: Array<[string, RegExp]> = [
    ['web:nosuch', /the limit "web:nosuch": "nosuch" names no host or group in the inventory; its groups are db, lab, prod, web$/],
    ['prod:!nosuch*', /"nosuch\*" names no host or group/],
    ['web:&lab', /the limit "web:&lab" selects no host .*; loosen it$/],
    ['web::db', /the limit "web::db" has an empty part; write names joined by "," or ":"/],
    ['~(', /the limit "~\(": ~\( is not a valid regular expression/],
  ];
  for (const [pattern, message] of errors) {
    it(`"${pattern}" is an error that names it`, () => {
      assert.throws(
        () => applyLimit(fleet, pattern),
        (err: unknown) => err instanceof InventoryError && err.file === INI && message.test(err.rawMessage) && err.rawMessage.startsWith(`inventory ${INI}: `),
      );
    });
  }
});
