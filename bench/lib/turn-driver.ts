/**
 * Unary calls to several servers in turns, one call in flight in all: call
 * i goes to target i % n. Drift on a busy machine then hits every target
 * alike, call by call. Each target's rate is its calls over the time its own
 * calls took (1 in flight: the inverse of its mean latency); its server CPU
 * per call comes from /proc, each target being its own process.
 */
import { readCpuMsPrecise } from './proc-stats';
import { Samples, summarize, type Summary } from './stats';

export interface TurnTarget {
  call: () => Promise<unknown>;
  /** The server process the call lands in. */
  pid: number;
}

export interface TurnTargetResult {
  calls: number;
  errors: number;
  firstError?: string;
  /** Calls per second of this target's own call time. */
  perSecond: number;
  latency: Summary;
  /** CPU the server used per completed call, µs (ns resolution: readCpuMsPrecise). */
  serverCpuUsPerCall: number;
}

/** Runs until `ms` pass or `maxCalls` have been made. */
export async function driveInTurns(targets: readonly TurnTarget[], ms: number, maxCalls: number): Promise<TurnTargetResult[]> {
  const state = targets.map(() => ({ calls: 0, errors: 0, firstError: undefined as string | undefined, busyMs: 0, latencies: new Samples(16384) }));
  const cpuBefore = targets.map((t) => readCpuMsPrecise(t.pid) ?? NaN);
  const end = performance.now() + ms;
  for (let i = 0; i < maxCalls && performance.now() < end; i++) {
    const k = i % targets.length;
    const s = state[k];
    const started = performance.now();
    try {
      await targets[k].call();
      s.calls++;
      s.latencies.push(performance.now() - started);
    } catch (err) {
      s.errors++;
      s.firstError ??= (err as Error).message;
    }
    s.busyMs += performance.now() - started;
  }
  return targets.map((t, k) => {
    const s = state[k];
    const cpuMs = (readCpuMsPrecise(t.pid) ?? NaN) - cpuBefore[k];
    return {
      calls: s.calls,
      errors: s.errors,
      firstError: s.firstError,
      perSecond: s.calls / (s.busyMs / 1000),
      latency: summarize(s.latencies.values()),
      serverCpuUsPerCall: (cpuMs * 1000) / Math.max(1, s.calls),
    };
  });
}
