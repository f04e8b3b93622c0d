/**
 * The SAMPLE packages' slow fault: progress every tick (on stdout too: the only console output of
 * the sample installer, labelled as the sample fault's), and SIGTERM (to the process or its
 * group, as a cancelling daemon sends it) ends the installer or configurator with nothing
 * left running and nothing half-written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseVxVersion } from '../../server/core/agent/vx-version';
import { processGroupMembers } from '../helpers/process-scan';
import { collect, outputContains, useSampleRuns } from '../helpers/sample-installer-runs';
import { setSampleFaults, setSamplePassphrase } from '../helpers/sample-packages';

const PASSPHRASE = 'Correct-Horse-Battery-Staple-42';

describe('sample installer packages', function () {
  const { sandbox, location, vxFile, uaLog, configurator, readVx, extract, start, install, freshArgs, freshInstall, writePassphraseFile } = useSampleRuns();

  describe('slow fault', () => {
    // SIGTERM to the installer alone, or to its whole process group as a cancelling daemon may send it.
    const stops = [
      { what: 'prints progress every tick and dies promptly on SIGTERM with no child left (exit 143)', version: '9.30.0.0', group: false },
      { what: 'stops when the whole process group gets SIGTERM, as a cancelling daemon may send it', version: '9.40.0.0', group: true },
    ];
    for (const { what, version, group } of stops) {
      it(what, async () => {
        setSampleFaults(sandbox(), ['slow']);
        const dir = await extract(version);
        const child = start(path.join(dir, 'install'), freshArgs(), { cwd: dir }, true);
        const done = collect(child);
        await outputContains(child, 'Running prerequisite checks ... 2% (sample fault: slow)');
        assert.ok(fs.existsSync(path.join(location(), '.install.lck')), 'the lock is held while installing');
        process.kill(group ? -child.pid! : child.pid!, 'SIGTERM');
        const result = await done;
        assert.equal(result.code, 143, result.output);
        // Promptly: in the phase it was in (its trap runs after the current 0.1 s tick), not after running the phase out.
        const log = fs.readFileSync(uaLog(), 'utf8');
        assert.doesNotMatch(`${result.stdout}${log}`, /Running prerequisite checks \.\.\. 100%|All prerequisite checks passed/);
        assert.match(log, /Installation stopped by SIGTERM/, 'the installer logs its stop in its own log');
        assert.deepEqual(processGroupMembers(child.pid!), [], 'no process of the installer is left');
        assert.ok(!fs.existsSync(path.join(location(), '.install.lck')), 'the lock is removed');
        assert.ok(!fs.existsSync(vxFile()));
      });
    }

    it('slow=<seconds> shortens each phase and the install still completes', async () => {
      setSampleFaults(sandbox(), ['slow=0.2']);
      const result = await install('9.30.0.0', freshArgs());
      assert.equal(result.code, 0, result.output);
      assert.match(result.stdout, /Running prerequisite checks \.\.\. 50% \(sample fault: slow\)/);
      assert.match(result.stdout, /Installing Mobility service agent \.\.\. 100% \(sample fault: slow\)/);
      assert.equal(parseVxVersion(readVx()).version, '9.30.0.0');
    });

    it('the configurator honours slow and stops on SIGTERM without changing .vx_version', async () => {
      await freshInstall('9.30.0.0');
      setSamplePassphrase(sandbox(), PASSPHRASE);
      setSampleFaults(sandbox(), ['slow']);
      const before = readVx();
      const child = start(configurator(), ['-i', '10.0.0.1', '-P', writePassphraseFile(PASSPHRASE)], {}, true);
      const done = collect(child);
      await outputContains(child, '(sample fault: slow)');
      process.kill(child.pid!, 'SIGTERM');
      const result = await done;
      assert.equal(result.code, 143, result.output);
      assert.deepEqual(processGroupMembers(child.pid!), []);
      assert.equal(readVx(), before);
      assert.ok(!result.output.includes(PASSPHRASE));
    });
  });
});
