/** The installer's progress lines (installer-contract.md), with and without timestamps, in any case. */
import assert from 'node:assert/strict';
import { parseInstallerLine, type InstallerSignal } from '../../server/core/install/installer-output';

describe('installer output', () => {
  const rows: Array<[string, InstallerSignal | undefined]> = [
    ['Running prerequisite checks', { kind: 'prereq_running' }],
    ['2024-05-01 10:00:00 [INFO] Running prerequisite checks...', { kind: 'prereq_running' }],
    ['RUNNING PREREQUISITE CHECKS', { kind: 'prereq_running' }],
    ['Prerequisite check failed: FreeSpace', { kind: 'prereq_failed', check: 'FreeSpace', detail: '' }],
    [
      '10:00:01 ERROR prerequisite check failed: Free space - 2 GB needed in /usr/local, 1 GB free',
      { kind: 'prereq_failed', check: 'Free space', detail: '2 GB needed in /usr/local, 1 GB free' },
    ],
    [
      'Prerequisite check failed: KernelVersion (kernel 2.6.18 is not supported)',
      { kind: 'prereq_failed', check: 'KernelVersion', detail: 'kernel 2.6.18 is not supported' },
    ],
    ['Prerequisite check failed: BootDisk: /boot is not on a supported disk', {
      kind: 'prereq_failed', check: 'BootDisk', detail: '/boot is not on a supported disk',
    }],
    ['Prerequisite check failed:', { kind: 'prereq_failed', check: 'unnamed check', detail: '' }],
    ['All prerequisite checks passed', { kind: 'prereq_passed' }],
    ['[2024-05-01T10:00:02Z] all Prerequisite Checks PASSED.', { kind: 'prereq_passed' }],
    ['Installing VSS provider', { kind: 'vss_running' }],
    ['12:00 installing vss provider ...', { kind: 'vss_running' }],
    ['VSS provider installation failed', { kind: 'vss_failed' }],
    ['VSS provider installation failed with exit code 517', { kind: 'vss_failed', exitCode: 517 }],
    ['t=1 vss PROVIDER installation FAILED with exit code 802.', { kind: 'vss_failed', exitCode: 802 }],
    ['VSS provider installed', { kind: 'vss_installed' }],
    ['2024 VSS provider installed successfully', { kind: 'vss_installed' }],
    ['Copying files to /usr/local/ASR', undefined],
    ['', undefined],
    ['prerequisite checks', undefined],
  ];
  for (const [line, signal] of rows) {
    it(`${JSON.stringify(line)} → ${signal ? signal.kind : 'nothing'}`, () => {
      assert.deepEqual(parseInstallerLine(line), signal);
    });
  }
});
