/**
 * GetStatus rate: calls/s with 1 and with 50 calls in flight (each after a
 * warm-up), with the latency of each call; side by side, the same against a
 * bare grpc-js unary method with empty messages (the floor on this machine
 * right now). Bounded by time and by call count.
 */
import { AgentControlClient } from '../client/agent-control-client';
import { barePingClient, startBareServer, type BareServer } from './lib/bare-server-process';
import type { BenchContext, BenchOutcome } from './lib/context';
import { startDaemonProcess } from './lib/daemon-process';
import { atLeast, figure, type ResultRow } from './lib/report';
import { readCpuMs } from './lib/proc-stats';
import { median, Samples, summarize, type Summary } from './lib/stats';

interface PhaseResult {
  target: 'GetStatus' | 'bare unary';
  inFlight: number;
  calls: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  latency: Summary;
  /** CPU the server process used per completed call, µs. */
  serverCpuUsPerCall: number;
}

/** Keeps `inFlight` calls going until `ms` pass or `maxCalls` have started. */
async function drive(
  call: () => Promise<unknown>,
  serverPid: number,
  inFlight: number,
  ms: number,
  maxCalls: number,
): Promise<Omit<PhaseResult, 'target'>> {
  const cpuBefore = readCpuMs(serverPid) ?? NaN;
  const latencies = new Samples(65536);
  let calls = 0;
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const loop = async () => {
    while (performance.now() < end && started < maxCalls) {
      started++;
      const s = performance.now();
      try {
        await call();
        calls++;
        latencies.push(performance.now() - s);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuUsPerCall = (((readCpuMs(serverPid) ?? NaN) - cpuBefore) * 1000) / Math.max(1, calls);
  return { inFlight, calls, errors, firstError, seconds, perSecond: calls / seconds, latency: summarize(latencies.values()), serverCpuUsPerCall };
}

export async function runStatusRate(ctx: BenchContext): Promise<BenchOutcome> {
  const cfg = ctx.profile.status;
  const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox);
  const client = new AgentControlClient(daemon.address);
  let bare: BareServer | undefined;
  let ping: ReturnType<typeof barePingClient> | undefined;
  try {
    bare = await startBareServer();
    ping = barePingClient(bare.address);
    await client.waitForReady(10_000);
    // One call first: a GetStatus that fails outright is a finding, not a rate.
    const status = await client.getStatus({ timeoutMs: 10_000 });
    await ping.ping(10_000);

    const targets = {
      GetStatus: { call: () => client.getStatus({ timeoutMs: 10_000 }), pid: daemon.pid },
      'bare unary': { call: () => ping!.ping(10_000), pid: bare.pid },
    } as const;
    const phases: PhaseResult[] = [];
    for (const inFlight of cfg.concurrency) {
      for (const target of ['GetStatus', 'bare unary'] as const) {
        const { call, pid } = targets[target];
        await drive(call, pid, inFlight, cfg.warmupMs, cfg.maxCallsPerPhase);
        const phase = { target, ...(await drive(call, pid, inFlight, cfg.measureMs, cfg.maxCallsPerPhase)) };
        phases.push(phase);
        ctx.log(
          `  ${target.padEnd(10)} ${inFlight} in flight: ${Math.round(phase.perSecond).toLocaleString('en-US')} calls/s, p50 ${phase.latency.p50.toFixed(2)} ms, p99 ${phase.latency.p99.toFixed(2)} ms, server CPU ${Math.round(phase.serverCpuUsPerCall)} µs/call`,
        );
      }
    }

    const rows: ResultRow[] = [];
    for (const inFlight of cfg.concurrency) {
      const mine = phases.find((p) => p.target === 'GetStatus' && p.inFlight === inFlight)!;
      const base = phases.find((p) => p.target === 'bare unary' && p.inFlight === inFlight)!;
      const errorNote = mine.errors ? `${mine.errors} errors: ${mine.firstError}` : undefined;
      rows.push(
        figure(
          'status',
          `GetStatus, ${inFlight} in flight`,
          mine.perSecond,
          'calls/s',
          inFlight === 1 ? atLeast(cfg.targetPerSecond) : undefined,
          errorNote ?? `${mine.calls.toLocaleString('en-US')} calls in ${mine.seconds.toFixed(1)} s`,
        ),
        figure('status', `  GetStatus latency p50 (${inFlight} in flight)`, mine.latency.p50, 'ms'),
        figure('status', `  GetStatus latency p99 (${inFlight} in flight)`, mine.latency.p99, 'ms'),
        figure('status', `bare grpc-js unary, ${inFlight} in flight (reference)`, base.perSecond, 'calls/s', undefined, `p50 ${base.latency.p50.toFixed(2)} ms, p99 ${base.latency.p99.toFixed(2)} ms`),
        figure('status', `  GetStatus / bare unary (${inFlight} in flight)`, mine.perSecond / base.perSecond, 'x'),
      );
    }
    {
      const cpu = (target: PhaseResult['target']) => median(phases.filter((p) => p.target === target).map((p) => p.serverCpuUsPerCall));
      rows.push(
        figure('status', 'daemon CPU per GetStatus', cpu('GetStatus'), 'µs', undefined, 'median over the phases'),
        figure('status', 'bare server CPU per unary call', cpu('bare unary'), 'µs'),
      );
    }
    return {
      rows,
      details: {
        phases,
        warmupMs: cfg.warmupMs,
        measureMs: cfg.measureMs,
        responseBytes: Buffer.byteLength(JSON.stringify(status, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
        responseHasOs: Boolean(status.os?.name),
      },
    };
  } finally {
    ping?.client.close();
    client.close();
    await bare?.stop();
    await daemon.stop();
  }
}
