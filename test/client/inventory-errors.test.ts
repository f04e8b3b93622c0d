/**
 * A malformed inventory, or one with a value mobilityd's settings cannot take,
 * is an InventoryError naming the file, the line (for the built-in parsers)
 * and what to change; ansible-inventory's own complaint is passed on when it
 * reads the file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InventoryError, loadInventory } from '../../client/inventory/load-inventory';
import { ClientError } from '../../client/errors/client-error';

describe('client: inventory errors', function () {
  this.timeout(30_000); // ansible-inventory's start-up
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-inventory-errors-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  /** The built-in parser's error for this inventory: an InventoryError at file:line whose message matches. */
  async function builtinError(name: string, text: string, line: number | undefined, message: RegExp): Promise<string> {
    const file = write(name, text);
    const err = await loadInventory(file, { useAnsible: false }).then(
      () => assert.fail('expected an InventoryError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InventoryError && err instanceof ClientError, String(err));
    assert.equal(err.file, file);
    assert.equal(err.line, line, err.rawMessage);
    assert.ok(err.rawMessage.startsWith(`inventory ${file}${line === undefined ? '' : `:${line}`}: `), err.rawMessage);
    assert.match(err.rawMessage, message);
    assert.equal(err.code, 'invalid_argument');
    return file;
  }

  const malformed: Array<[string, string, string, number | undefined, RegExp]> = [
    ['an unterminated quote', 'bad.ini', '[web]\nweb01 note="no end\n', 2, /the double quote is not closed; close it on the same line/],
    ['an unknown kind of section', 'section.ini', 'a\n[web:child]\nb\n', 2, /\[web:child\] is an unknown kind of section; write \[web\], \[web:vars\] or \[web:children\]/],
    ['a header that is not closed', 'header.ini', '[web\nb\n', 1, /"\[web" is not a section header; write \[GROUP\], \[GROUP:vars\] or \[GROUP:children\]/],
    ['a group that is its own child (INI)', 'self.ini', '[web:children]\nweb\n', 2, /group web is listed as its own child; remove it from \[web:children\]/],
    ['a loop of groups', 'loop.ini', '[a:children]\nb\n[b:children]\na\n[a]\nh\n', 4, /groups a → b → a form a loop \(a group cannot be its own child\); remove one of these children/],
    ['a word that is no variable on a host line', 'word.ini', 'h1 port 50051\n', 1, /"port" after host h1 is not a variable; write variables as key=value/],
    ['a vars line without "="', 'vars.ini', '[web:vars]\nmobilityd_port\n', 2, /"mobilityd_port" in \[web:vars\] is not a variable; write one key=value per line/],
    ['a host var that is not a valid port', 'port.ini', '# hosts\nh1 mobilityd_port=5o051\n', 2, /host h1: mobilityd_port is "5o051", not a port; write a number from 1 to 65535/],
    ['a group var that is not a valid port', 'gport.ini', 'h1\n[all:vars]\nmobilityd_port=70000\n', 3, /host h1: mobilityd_port \(set in group all's vars\) is "70000", not a port/],
    ['a fingerprint that is not sha256:<64 hex>', 'pin.ini', 'h1 mobilityd_tls_fingerprint=sha256:abcd\n', 1, /host h1: mobilityd_tls_fingerprint is "sha256:abcd", not a sha256 fingerprint \(it has 4 hex digits\); write it as sha256: followed by 64 hex digits/],
    ['a pin and a CA set in the same place', 'both.ini', 'h1 mobilityd_tls_fingerprint=sha256:' + 'a'.repeat(64) + ' mobilityd_tls_ca=ca.pem\n', 1, /trust the host one way: a pinned fingerprint or a CA file/],
    ['an unknown transport', 'transport.ini', 'h1 mobilityd_transport=http\n', 1, /mobilityd_transport is "http"; write tcp .* or ssh/],
    ['mobilityd_tls that is no boolean', 'tls.ini', 'h1 mobilityd_tls=maybe\n', 1, /mobilityd_tls is "maybe"; write true or false/],
    ['a bad range', 'range.ini', 'web[03:01]\n', 1, /the host range \[03:01\] ends before it starts/],
    ['a YAML syntax error', 'syntax.yml', 'all:\n  hosts:\n    a: [\n', 4, /not valid YAML/],
    ['a YAML group key that is not hosts, vars or children', 'keys.yml', 'all:\n  children:\n    web:\n      host:\n        a:\n', 4, /group web has "host"; a group takes only hosts, vars and children/],
    ['a group that is its own child (YAML)', 'self.yml', 'all:\n  children:\n    web:\n      children:\n        web:\n', 5, /group web is listed as its own child/],
    ['a host var that is not a valid port (YAML)', 'port.yml', 'all:\n  hosts:\n    h1:\n      mobilityd_port: 0\n', 3, /host h1: mobilityd_port is "0", not a port/],
    ['an inventory without hosts', 'empty.ini', '# nothing\n[web]\n', undefined, /names no hosts; list at least one host/],
  ];
  for (const [what, name, text, line, message] of malformed) {
    it(`${what}: the file, the line and the fix`, () => builtinError(name, text, line, message));
  }

  it('a missing file: says so and what to give', async () => {
    const missing = path.join(dir, 'nope.ini');
    await assert.rejects(loadInventory(missing), (err: unknown) => err instanceof InventoryError && err.rawMessage === `inventory ${missing}: cannot be read: no such file; give the path of an INI or YAML inventory`);
  });

  it('ansible-inventory refusing the file: its words, and how to see the problem', async () => {
    const file = write('self-ansible.ini', '[web:children]\nweb\n');
    await assert.rejects(loadInventory(file), (err: unknown) => {
      assert.ok(err instanceof InventoryError);
      assert.match(err.rawMessage, new RegExp(`^inventory ${file}: ansible-inventory failed \\(exit 1\\); fix the inventory \\(\`ansible-inventory -i ${file} --list\` shows the problem\\)\\. It said:\\n`));
      assert.match(err.rawMessage, /can't add group to itself/);
      return true;
    });
  });

  it('the same bad values are errors when ansible-inventory reads the file', async () => {
    const port = write('port-ansible.ini', 'h1 mobilityd_port=5o051\n');
    await assert.rejects(loadInventory(port), /host h1: mobilityd_port is "5o051", not a port/);
    const pin = write('pin-ansible.yml', 'all:\n  vars:\n    mobilityd_tls_fingerprint: "sha256:abcd"\n  hosts:\n    h1:\n');
    await assert.rejects(loadInventory(pin), /host h1: mobilityd_tls_fingerprint \(set in group all's vars\) is "sha256:abcd", not a sha256 fingerprint/);
  });
});
