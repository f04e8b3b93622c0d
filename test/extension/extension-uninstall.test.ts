/**
 * Mobility: Uninstall Mobility Service… asks in a modal that names the host and
 * what it last showed installed (extension/src/model/agent-removal.ts, tested
 * here against a real daemon's GetStatus); the command file only shows it and
 * then follows the job like an install.
 */
import { strict as assert } from 'node:assert';
import { UNINSTALL_BUTTON, uninstallConfirmation } from '../../extension/src/model/agent-removal';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSamplePassphrase } from '../helpers/sample-packages';

describe("the extension's Uninstall Mobility Service…", function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();
  const ok = async () => ({ kind: 'ok' as const, status: await daemon().client.getStatus(), jobs: [], observedAt: Date.now() });

  it('names the host, the installed version, its location and its configuration server; one Uninstall button', async () => {
    setSamplePassphrase(daemon().sandbox.root, 'extension-uninstall-passphrase');
    const install = await daemon().install({
      registration: { csEndpoint: '10.0.0.5', passphraseSource: { case: 'passphrase', value: 'extension-uninstall-passphrase' } },
    });
    await daemon().finish(install.id);
    const confirm = uninstallConfirmation('web-01', await ok());
    assert.equal(confirm.message, 'Uninstall the Mobility service agent from web-01?');
    assert.equal(confirm.button, UNINSTALL_BUTTON);
    assert.match(confirm.detail, /^Agent 9\.40\.0\.0 in \/usr\/local\/ASR, registered with 10\.0\.0\.5, is removed by its own uninstaller\./);
    assert.match(confirm.detail, /Replication of this machine stops/);
  });

  it('without a status to go by it still names the host and says what happens', () => {
    const confirm = uninstallConfirmation('db-02', { kind: 'loading' });
    assert.equal(confirm.message, 'Uninstall the Mobility service agent from db-02?');
    assert.match(confirm.detail, /^The agent is removed by its own uninstaller\./);
  });
});
