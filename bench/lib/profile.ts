/** Sizes, durations and targets of every benchmark, full and --quick. */

export interface BenchProfile {
  name: 'full' | 'quick';
  /** Whole bench time budget: past it the run is aborted (and cleaned up). */
  totalBudgetMs: number;
  rss: { settleMs: number; sampleMs: number; idleTargetMB: number; followersTargetMB: number };
  backfill: { bytes: number; runs: number; runTimeoutMs: number; targetRatio: number };
  follow: { lines: number; intervalMs: number; graceMs: number; p99TargetMs: number };
  many: {
    followers: number;
    workers: number;
    channelsPerWorker: number;
    linesPerSecond: number;
    durationMs: number;
    graceMs: number;
    p99TargetMs: number;
  };
  status: { warmupMs: number; measureMs: number; concurrency: number[]; maxCallsPerPhase: number; targetPerSecond: number };
  /** Plain TCP vs TLS vs mTLS, and a token's cost; the backfill reads the backfill's log, the follow writes like `follow`. */
  tls: {
    /** GetStatus at 1 in flight, the variants in turns call by call: a warm-up, then rounds. */
    statusRounds: number;
    statusWarmupMs: number;
    statusRoundMs: number;
    /** ListJobs on the plain and token daemons in turns: a token's cost is a few µs in a few hundred, so more, shorter rounds. */
    authRounds: number;
    authRoundMs: number;
    backfillRuns: number;
    /** Follow: lines per variant, written to the variants' logs in turns. */
    followLines: number;
    backfillTargetRatio: number;
    followP99TargetRatio: number;
    authCpuTargetUs: number;
  };
}

const MB = 1_000_000;

export function benchProfile(quick: boolean): BenchProfile {
  const targets = {
    rss: { idleTargetMB: 80, followersTargetMB: 160 },
    backfill: { targetRatio: 0.8 },
    follow: { p99TargetMs: 5 },
    many: { p99TargetMs: 150 },
    status: { targetPerSecond: 2000 },
    tls: { backfillTargetRatio: 0.7, followP99TargetRatio: 1.5, authCpuTargetUs: 20 },
  };
  if (quick) {
    return {
      name: 'quick',
      totalBudgetMs: 4 * 60_000,
      rss: { settleMs: 500, sampleMs: 500, ...targets.rss },
      backfill: { bytes: 20 * MB, runs: 3, runTimeoutMs: 30_000, ...targets.backfill },
      follow: { lines: 300, intervalMs: 2, graceMs: 2000, ...targets.follow },
      many: {
        followers: 20,
        workers: 2,
        channelsPerWorker: 2,
        linesPerSecond: 1000,
        durationMs: 3000,
        graceMs: 5000,
        ...targets.many,
      },
      status: { warmupMs: 300, measureMs: 1000, concurrency: [1, 50], maxCallsPerPhase: 100_000, ...targets.status },
      tls: { statusRounds: 3, statusWarmupMs: 300, statusRoundMs: 1000, authRounds: 5, authRoundMs: 600, backfillRuns: 3, followLines: 300, ...targets.tls },
    };
  }
  return {
    name: 'full',
    totalBudgetMs: 12 * 60_000,
    rss: { settleMs: 1000, sampleMs: 1000, ...targets.rss },
    backfill: { bytes: 200 * MB, runs: 3, runTimeoutMs: 120_000, ...targets.backfill },
    follow: { lines: 2000, intervalMs: 2, graceMs: 3000, ...targets.follow },
    many: {
      followers: 100,
      workers: 2,
      channelsPerWorker: 5,
      linesPerSecond: 1000,
      durationMs: 10_000,
      graceMs: 15_000,
      ...targets.many,
    },
    status: { warmupMs: 1000, measureMs: 5000, concurrency: [1, 50], maxCallsPerPhase: 1_000_000, ...targets.status },
    tls: { statusRounds: 5, statusWarmupMs: 1000, statusRoundMs: 4000, authRounds: 15, authRoundMs: 2000, backfillRuns: 3, followLines: 2000, ...targets.tls },
  };
}
