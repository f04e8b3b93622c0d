/** The question `mobilityctl uninstall` asks (cli/jobs/uninstall-confirmation.ts), with a scripted terminal. */
import * as assert from 'node:assert/strict';
import { UsageError } from '../../cli/errors/cli-error';
import { confirmUninstall, uninstallTarget, type ConfirmIo } from '../../cli/jobs/uninstall-confirmation';

function scripted(interactive: boolean, answer: string): ConfirmIo & { asked: string[] } {
  const asked: string[] = [];
  return { interactive, asked, ask: async (question) => (asked.push(question), answer) };
}

describe('mobilityctl uninstall: the confirmation', () => {
  it('--yes goes ahead without asking, at a terminal or not', async () => {
    for (const interactive of [true, false]) {
      const io = scripted(interactive, 'n');
      assert.equal(await confirmUninstall('host 10.0.0.4:50051', true, io), true);
      assert.deepEqual(io.asked, []);
    }
  });

  it('at a terminal it asks, naming the target; only y or yes goes ahead', async () => {
    for (const [answer, go] of [['y', true], ['YES', true], [' y ', true], ['', false], ['n', false], ['yep', false]] as const) {
      const io = scripted(true, answer);
      assert.equal(await confirmUninstall('host 10.0.0.4:50051', false, io), go, JSON.stringify(answer));
      assert.match(io.asked[0], /^Uninstall the Mobility service agent from host 10\.0\.0\.4:50051\? .*\[y\/N\] $/);
    }
  });

  it('off a terminal without --yes: a usage error saying to add --yes', async () => {
    await assert.rejects(confirmUninstall('host 10.0.0.4:50051', false, scripted(false, 'y')), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.equal(err.command, 'uninstall');
      assert.match(err.message, /from host 10\.0\.0\.4:50051 .* add --yes to confirm$/);
      return true;
    });
  });

  it('names one host, the --hosts list, or the inventory', () => {
    assert.equal(uninstallTarget('127.0.0.1:50051', undefined), 'host 127.0.0.1:50051');
    assert.equal(uninstallTarget('x', { hosts: ['a:1', 'b:1'], parallel: 8 }), '2 hosts (a:1, b:1)');
    assert.equal(uninstallTarget('x', { hosts: ['a:1'], parallel: 8 }), 'host a:1');
    assert.equal(uninstallTarget('x', { hosts: [], inventory: { file: 'hosts.ini', limit: 'web', source: '--inventory' }, parallel: 8 }), 'every host of the inventory hosts.ini (limit web)');
  });
});
