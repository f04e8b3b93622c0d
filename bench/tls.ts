/**
 * What TLS, mTLS and bearer tokens cost, side by side in one run: four
 * mobilityd processes (plain TCP, plain TCP with a token, TLS, mTLS; see
 * lib/secured-daemons.ts), measured in turns so that drift on a busy machine
 * hits every variant alike:
 *
 *  - GetStatus at 1 in flight, call by call in turns (lib/turn-driver.ts):
 *    calls/s, and daemon CPU per call (ns resolution); a token's cost is the
 *    token daemon's CPU per call minus the plain one's, round by round;
 *  - follow: one follower per transport, a stamped line appended every 2 ms
 *    to each one's log in turn (lib/follow-in-turns.ts), p99;
 *  - backfill: TailLog of the backfill's installer log to its end, MB/s, the
 *    runs alternating with the order rotating.
 *
 * Every channel is connected (handshake done) before anything is timed: these
 * are the costs of a connection in use, not of setting one up.
 */
import * as fs from 'node:fs';
import { AgentControlClient } from '../client/agent-control-client';
import { ensureGeneratedLog } from './backfill';
import { readWithTailLog, type ReadResult } from './lib/backfill-readers';
import type { BenchContext, BenchOutcome } from './lib/context';
import { followInTurns, type TurnResult } from './lib/follow-in-turns';
import { readCpuMsPrecise } from './lib/proc-stats';
import { startSecuredDaemons, VARIANT_LABELS, type SecuredDaemon, type SecurityVariant } from './lib/secured-daemons';
import { driveInTurns, type TurnTargetResult } from './lib/turn-driver';
import { tlsRows } from './tls-rows';

const VARIANTS: readonly SecurityVariant[] = ['plain', 'token', 'tls', 'mtls'];
/** The transports compared for streaming (a token changes nothing once a stream is open). */
const TRANSPORTS: readonly SecurityVariant[] = ['plain', 'tls', 'mtls'];

export type StatusResult = TurnTargetResult & { variant: SecurityVariant; round: number };
export type BackfillRun = { variant: SecurityVariant; result: ReadResult; mbPerSecond: number; serverCpuMs: number };
export type FollowResult = TurnResult & { variant: SecurityVariant };

export interface TlsMeasurements {
  status: StatusResult[];
  /** ListJobs on the plain and token daemons in turns: a call cheap enough that a token's cost shows. */
  auth: StatusResult[];
  backfill: BackfillRun[];
  /** The installer log's size when the backfill runs started. */
  backfillBytes: number;
  follow: FollowResult[];
}

type Daemons = Map<SecurityVariant, SecuredDaemon & { client: AgentControlClient }>;

export async function runTls(ctx: BenchContext): Promise<BenchOutcome> {
  await ensureGeneratedLog(ctx);
  const started = await startSecuredDaemons(ctx, VARIANTS);
  const daemons: Daemons = new Map(started.map((d) => [d.variant, { ...d, client: new AgentControlClient(d.daemon.address, {}, d.security) }]));
  try {
    for (const { variant, client } of daemons.values()) {
      // One call first: a variant that cannot connect or is refused is a finding, not a rate.
      await client.waitForReady(10_000);
      await client.getStatus({ timeoutMs: 10_000 }).catch((err: Error) => {
        throw new Error(`GetStatus over ${VARIANT_LABELS[variant]} failed: ${err.message}`);
      });
    }
    const measured: TlsMeasurements = {
      status: await measureStatus(ctx, daemons),
      auth: await measureAuth(ctx, daemons),
      follow: await measureFollow(ctx, daemons),
      ...(await measureBackfill(ctx, daemons)),
    };
    return {
      rows: tlsRows(measured, ctx.profile.tls),
      details: { ...details(measured), startupMs: Object.fromEntries(started.map((d) => [d.variant, d.daemon.startupMs])) },
    };
  } finally {
    for (const d of daemons.values()) d.client.close();
    await Promise.all(started.map((d) => d.daemon.stop()));
  }
}

async function measureStatus(ctx: BenchContext, daemons: Daemons): Promise<StatusResult[]> {
  const cfg = ctx.profile.tls;
  const maxCalls = ctx.profile.status.maxCallsPerPhase;
  const targets = VARIANTS.map((v) => ({ call: () => daemons.get(v)!.client.getStatus({ timeoutMs: 10_000 }), pid: daemons.get(v)!.daemon.pid }));
  await driveInTurns(targets, cfg.statusWarmupMs, maxCalls);
  const results: StatusResult[] = [];
  for (let round = 0; round < cfg.statusRounds; round++) {
    const phase = await driveInTurns(targets, cfg.statusRoundMs, maxCalls);
    results.push(...phase.map((r, k) => ({ ...r, variant: VARIANTS[k], round })));
    ctx.log(
      `  GetStatus round ${round + 1}: ` +
        phase.map((r, k) => `${VARIANT_LABELS[VARIANTS[k]]} ${Math.round(r.perSecond)}/s ${r.serverCpuUsPerCall.toFixed(0)} µs`).join(', ') +
        ' (calls/s, daemon CPU per call)',
    );
  }
  return results;
}

/**
 * A token's cost, on a call whose own work is small (ListJobs of an empty
 * store, in memory): GetStatus reads /proc and costs hundreds of µs that vary
 * by more than the 20 µs a token may add, so its difference is noise.
 */
async function measureAuth(ctx: BenchContext, daemons: Daemons): Promise<StatusResult[]> {
  const cfg = ctx.profile.tls;
  const maxCalls = ctx.profile.status.maxCallsPerPhase;
  const variants = ['plain', 'token'] as const;
  const targets = variants.map((v) => ({ call: () => daemons.get(v)!.client.listJobs({ pageSize: 1 }, { timeoutMs: 10_000 }), pid: daemons.get(v)!.daemon.pid }));
  await driveInTurns(targets, cfg.statusWarmupMs, maxCalls);
  const results: StatusResult[] = [];
  for (let round = 0; round < cfg.authRounds; round++) {
    const phase = await driveInTurns(targets, cfg.authRoundMs, maxCalls);
    results.push(...phase.map((r, k) => ({ ...r, variant: variants[k], round })));
    ctx.log(`  ListJobs round ${round + 1}: ` + phase.map((r, k) => `${VARIANT_LABELS[variants[k]]} ${r.serverCpuUsPerCall.toFixed(1)} µs`).join(', ') + ' (daemon CPU per call)');
  }
  return results;
}

async function measureFollow(ctx: BenchContext, daemons: Daemons): Promise<FollowResult[]> {
  const logs = TRANSPORTS.map((v) => ({ client: daemons.get(v)!.client, file: daemons.get(v)!.followLog }));
  const { intervalMs, graceMs } = ctx.profile.follow;
  const lines = ctx.profile.tls.followLines;
  ctx.log(`  follow: ${lines} lines per transport, one line every ${intervalMs} ms to each log in turn`);
  const { results, lateWrites } = await followInTurns(logs, { lines, intervalMs, graceMs });
  if (lateWrites) ctx.log(`  follow: ${lateWrites} writes were late (the writer's event loop lagged)`);
  return results.map((r, k) => ({ ...r, variant: TRANSPORTS[k] }));
}

async function measureBackfill(ctx: BenchContext, daemons: Daemons): Promise<Pick<TlsMeasurements, 'backfill' | 'backfillBytes'>> {
  const cfg = ctx.profile.backfill;
  // Earlier benchmarks may have appended to the log; nothing does while these runs read it.
  const backfillBytes = fs.statSync(ctx.sandbox.installerLog).size;
  const read = (v: SecurityVariant, maxBytes = 0) => readWithTailLog(daemons.get(v)!.daemon.address, cfg.runTimeoutMs, maxBytes, daemons.get(v)!.security);
  for (const v of TRANSPORTS) await read(v, Math.min(16_000_000, backfillBytes)); // warm-up: JIT, page cache
  const runs: BackfillRun[] = [];
  for (let i = 0; i < ctx.profile.tls.backfillRuns; i++) {
    // Alternate, and rotate who goes first, so drift hits every transport alike.
    for (const v of [...TRANSPORTS.slice(i % TRANSPORTS.length), ...TRANSPORTS.slice(0, i % TRANSPORTS.length)]) {
      const pid = daemons.get(v)!.daemon.pid;
      const cpuBefore = readCpuMsPrecise(pid) ?? NaN;
      const result = await read(v);
      const run = { variant: v, result, mbPerSecond: result.bytes / 1e6 / (result.ms / 1000), serverCpuMs: (readCpuMsPrecise(pid) ?? NaN) - cpuBefore };
      runs.push(run);
      ctx.log(`  backfill ${VARIANT_LABELS[v].padEnd(9)} ${run.mbPerSecond.toFixed(1)} MB/s, daemon CPU ${Math.round(run.serverCpuMs)} ms`);
    }
  }
  return { backfill: runs, backfillBytes };
}

/** Raw figures for latest.json (no latency samples: their summaries are in the rows). */
function details(m: TlsMeasurements): Record<string, unknown> {
  return {
    status: m.status.map(({ latency, ...r }) => ({ ...r, p50Ms: latency.p50, p99Ms: latency.p99 })),
    auth: m.auth.map(({ latency, ...r }) => ({ ...r, p50Ms: latency.p50, p99Ms: latency.p99 })),
    follow: m.follow.map(({ latencies, ...r }) => ({ ...r, received: latencies.length })),
    backfillBytes: m.backfillBytes,
    backfill: m.backfill.map((r) => ({ variant: r.variant, ms: Math.round(r.result.ms), bytes: r.result.bytes, messages: r.result.messages, mbPerSecond: r.mbPerSecond, serverCpuMs: r.serverCpuMs })),
  };
}
