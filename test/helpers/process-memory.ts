/**
 * A child process's resident memory, from /proc/PID/status, and a budget for
 * how much it may grow in one test run. The budget is relative to a reading
 * taken earlier in the same run, never an absolute figure: what a process
 * occupies at rest depends on the machine, Node and the build.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';

export const MIB = 1024 * 1024;

/** VmRSS of a live process, in bytes. */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kib) throw new Error(`/proc/${pid}/status has no VmRSS line (is ${pid} a zombie?)`);
  return Number(kib[1]) * 1024;
}

export interface MemoryBaseline {
  startBytes: number;
  /** Takes a reading now; the largest growth seen counts. */
  sample(): void;
  /** Fails when the process grew, at any reading (this one included), by more than `budgetBytes`. */
  assertGrowthWithin(budgetBytes: number, what: string): void;
}

/** A reading now, to measure growth against. */
export function memoryBaseline(pid: number): MemoryBaseline {
  const startBytes = residentBytes(pid);
  let peakBytes = startBytes;
  const sample = () => {
    peakBytes = Math.max(peakBytes, residentBytes(pid));
  };
  return {
    startBytes,
    sample,
    assertGrowthWithin(budgetBytes, what) {
      sample();
      const growth = peakBytes - startBytes;
      assert.ok(
        growth <= budgetBytes,
        `${what}: the daemon grew by ${(growth / MIB).toFixed(1)} MiB at its peak (from ${(startBytes / MIB).toFixed(1)} to ${(peakBytes / MIB).toFixed(1)} MiB), more than its budget of ${budgetBytes / MIB} MiB`,
      );
    },
  };
}
