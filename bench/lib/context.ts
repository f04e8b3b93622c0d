/** What every benchmark gets from the runner. */
import type { BenchProfile } from './profile';
import type { ResultRow } from './report';
import type { BenchSandbox } from './sandbox';

export interface BenchContext {
  profile: BenchProfile;
  sandbox: BenchSandbox;
  /** The daemon bundle to start (dist/mobilityd.cjs). */
  daemonBundle: string;
  /** Shared between benchmarks: the installer log as generated for the backfill, if it was. */
  generatedLog?: { bytes: number; lines: number; generateMs: number };
  /** Figures produced by one benchmark for another's section (e.g. RSS with followers). */
  extraRows: ResultRow[];
  log(message: string): void;
}

export interface BenchOutcome {
  rows: ResultRow[];
  /** Raw figures for latest.json. */
  details: Record<string, unknown>;
}
