/**
 * Finding 5b in the editor: Mobility: Delete Package… picks a package from the
 * host's ListPackages, confirms in a modal, then calls DeletePackage. Its words
 * and choices are a pure module (extension/src/model/package-removal.ts),
 * tested here against a real daemon's answers; the command file only shows them.
 */
import { strict as assert } from 'node:assert';
import { formatBytes } from '../../client/format/format-values';
import { removalChoices, removalConfirmation, removedMessage, emptyRepositoryMessage } from '../../extension/src/model/package-removal';
import { copySamplePackages, samplePackage } from '../helpers/sample-packages';
import { useTestDaemon } from '../helpers/test-daemon';

describe('finding 5b: the extension\'s Delete Package…', () => {
  const daemon = useTestDaemon();
  beforeEach(async () => {
    await copySamplePackages(daemon().daemon.packages.dir);
  });

  it('finding 5: offers every package of the host, newest first, marking the one Install uses', async () => {
    const listing = await daemon().client.listPackages();
    const choices = removalChoices(listing);
    assert.deepEqual(
      choices.map((c) => c.label),
      listing.packages.map((p) => p.name),
    );
    assert.equal(choices[0].label, (await samplePackage('9.40.0.0')).name);
    // The size is whatever the sample package weighs now (its scripts change), shown as the client formats it.
    assert.equal(choices[0].description, `9.40.0.0 · UBUNTU-20.04-64 · 10Nov2020 · ${formatBytes((await samplePackage('9.40.0.0')).sizeBytes)}`);
    assert.equal(choices[0].detail, 'the package Install uses on this host when none is named');
    assert.equal(choices[1].detail, undefined);
    assert.deepEqual(choices[2].value, listing.packages[2]);
  });

  it('finding 5: the confirmation says what goes, what Install will use instead, and that a job in use refuses it', async () => {
    const listing = await daemon().client.listPackages();
    const [newest, middle] = listing.packages;
    const selected = removalConfirmation('web-01', newest, listing);
    assert.equal(selected.message, `Delete ${newest.name} from web-01?`);
    assert.equal(selected.button, 'Delete');
    assert.match(selected.detail, new RegExp(`is deleted from ${daemon().daemon.packages.dir}\\. This cannot be undone`));
    assert.match(selected.detail, new RegExp(`It is the package Install uses on web-01 when none is named; ${middle.name.replace(/\./g, '\\.')} will be used instead\\.`));
    assert.match(selected.detail, /mobilityd refuses while a queued or running job uses it\.$/);
    const other = removalConfirmation('web-01', middle, listing);
    assert.doesNotMatch(other.detail, /Install uses/);

    await daemon().client.deletePackage(middle.name);
    await daemon().client.deletePackage(listing.packages[2].name);
    const alone = await daemon().client.listPackages();
    assert.match(removalConfirmation('web-01', alone.packages[0], alone).detail, /It is the only package for web-01's OS: Install will have nothing to use until one is pushed\./);
  });

  it('finding 5: says what was deleted, and that an empty repository has nothing to delete', async () => {
    const pkg = await samplePackage('9.30.0.0');
    const removed = await daemon().client.deletePackage(pkg.name);
    assert.equal(removedMessage('web-01', removed!), `web-01: deleted ${pkg.name} (9.30.0.0, UBUNTU-20.04-64, ${formatBytes(pkg.sizeBytes)}, sha256 ${pkg.sha256.slice(0, 12)}).`);
    for (const p of (await daemon().client.listPackages()).packages) await daemon().client.deletePackage(p.name);
    const empty = await daemon().client.listPackages();
    assert.deepEqual(removalChoices(empty), []);
    assert.equal(emptyRepositoryMessage('web-01', empty), `web-01: there is no package to delete: the repository ${daemon().daemon.packages.dir} is empty.`);
  });
});
