/** What exit codes and signals mean, and how a whole process result reads. */
import assert from 'node:assert/strict';
import {
  configuratorExit,
  installerExit,
  resultMeaning,
  SIGNAL_REMEDY,
  signalMeaning,
} from '../../server/core/agent-programs/exit-codes';

describe('installer exit codes', () => {
  const table: Array<[number, string, string]> = [
    [0, 'success', 'succeeded'],
    [98, 'success with warnings', 'warning'],
    [96, 'invalid arguments', 'failed'],
    [97, 'failed with errors', 'failed'],
    [99, 'prerequisites not met', 'failed'],
    [11, 'upgrade not supported', 'failed'],
    [15, 'downgrade not supported', 'failed'],
    [1, 'failed with exit code 1 (not a documented installer code)', 'failed'],
    [255, 'failed with exit code 255 (not a documented installer code)', 'failed'],
  ];
  for (const [code, meaning, outcome] of table) {
    it(`${code} means ${meaning}, with a remedy unless it succeeded`, () => {
      const exit = installerExit(code);
      assert.deepEqual({ meaning: exit.meaning, outcome: exit.outcome }, { meaning, outcome });
      assert.equal(Boolean(exit.remedy), outcome !== 'succeeded', `remedy: "${exit.remedy}"`);
    });
  }
});

describe('configurator exit codes', () => {
  it('0 is success, 14 a rejected passphrase, anything else a failure', () => {
    assert.deepEqual(configuratorExit(0), { meaning: 'success', outcome: 'succeeded', remedy: '' });
    const passphrase = configuratorExit(14);
    assert.equal(passphrase.meaning, 'the configuration server rejected the passphrase');
    assert.equal(passphrase.outcome, 'failed');
    assert.match(passphrase.remedy ?? '', /genpassphrase\.exe -v/);
    assert.equal(configuratorExit(1).outcome, 'failed');
    assert.match(configuratorExit(1).meaning, /exit code 1/);
    assert.equal(configuratorExit(98).outcome, 'failed', 'the installer-only code 98 is no warning here');
  });
});

describe('signals and whole results', () => {
  it('names the signal and what it usually means', () => {
    assert.equal(signalMeaning('SIGKILL'), 'killed by SIGKILL (forced to stop)');
    assert.equal(signalMeaning('SIGTERM'), 'killed by SIGTERM (asked to terminate)');
    assert.match(signalMeaning('SIGSEGV'), /crashed/);
    assert.equal(signalMeaning('SIGUSR2'), 'killed by signal SIGUSR2');
  });

  it('reads cancelled, exited and signalled results', () => {
    assert.deepEqual(resultMeaning({ exitCode: null, signal: 'SIGTERM', cancelled: true }, installerExit), {
      meaning: 'cancelled',
      outcome: 'cancelled',
      remedy: '',
    });
    assert.deepEqual(resultMeaning({ exitCode: 98, signal: null, cancelled: false }, installerExit), installerExit(98));
    assert.deepEqual(resultMeaning({ exitCode: null, signal: 'SIGSEGV', cancelled: false }, configuratorExit), {
      meaning: signalMeaning('SIGSEGV'),
      outcome: 'failed',
      remedy: SIGNAL_REMEDY,
    });
  });
});
