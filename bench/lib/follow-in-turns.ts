/**
 * Followers of different daemons measured in turns, line by line: each
 * follows the configurator log in its daemon's root (TailLog from the end),
 * and one writer appends a stamped line every `intervalMs` to each log in turn.
 * A load spike hits every follower alike, and no two daemons wake for the same
 * line and queue for the same two cores. Append → receive per line, one clock
 * (this process).
 */
import type { AgentControlClient } from '../../client/agent-control-client';
import { LogEventKind } from '../../gen/mobility/v1/agent_control_pb';
import { nowMs, sleep, waitUntil, withTimeout } from './clock';
import { LatencyRecorder } from './latency-recorder';
import { writePaced, writeWarmupLine } from './paced-writer';
import { asBuffer } from './timed-lines';

export interface FollowedLog {
  client: AgentControlClient;
  /** The file behind the catalog's "configurator" log of the client's daemon. */
  file: string;
}

export interface TurnResult {
  /** Lines written to this follower's log. */
  written: number;
  /** Of those, the lines that arrived (once each). */
  delivered: number;
  duplicates: number;
  latencies: Float64Array;
}

export interface InTurnsOptions {
  /** Lines per follower. */
  lines: number;
  intervalMs: number;
  /** How long to wait for the last lines after the writer is done. */
  graceMs: number;
}

interface Follower {
  recorder: LatencyRecorder;
  caughtUp: boolean;
  error?: Error;
  cancel(): void;
  done: Promise<void>;
}

export async function followInTurns(logs: readonly FollowedLog[], options: InTurnsOptions): Promise<{ results: TurnResult[]; lateWrites: number }> {
  const total = options.lines * logs.length;
  const writeBudgetMs = total * options.intervalMs * 3 + 2000;
  const followers = logs.map((log) => follow(log.client, total, writeBudgetMs + 60_000));
  const failure = () => followers.find((f) => f.error)?.error;
  try {
    if (!(await waitUntil(() => followers.every((f) => f.caughtUp) || failure() !== undefined, 10_000))) throw new Error('a TailLog follower got no CAUGHT_UP event within 10 s');
    if (failure()) throw failure();
    for (let i = 0; i < 50 && !followers.every((f) => f.recorder.warm); i++) {
      logs.forEach((log, k) => {
        if (!followers[k].recorder.warm) writeWarmupLine(log.file);
      });
      await waitUntil(() => followers.every((f) => f.recorder.warm), 100);
    }
    if (!followers.every((f) => f.recorder.warm)) throw new Error(`warm-up lines did not arrive${failure() ? `: ${failure()!.message}` : ''}`);
    await sleep(50);
    const write = await writePaced({ file: logs.map((l) => l.file), rate: 1000 / options.intervalMs, total, maxMs: writeBudgetMs });
    const received = () => followers.reduce((sum, f) => sum + f.recorder.received, 0);
    await waitUntil(() => received() >= write.written || failure() !== undefined, options.graceMs);
    if (failure()) throw failure();
    // Line seq went to log (seq - 1) % n.
    const results = followers.map((f, k) => ({
      written: Math.max(0, Math.floor((write.written - k - 1) / logs.length) + 1),
      delivered: f.recorder.receivedUpTo(write.lastSeq),
      duplicates: f.recorder.duplicates,
      latencies: Float64Array.from(f.recorder.latencies.values()),
    }));
    return { results, lateWrites: write.lateWrites };
  } finally {
    for (const f of followers) f.cancel();
    await withTimeout(Promise.all(followers.map((f) => f.done)), 5000, 'the TailLog followers').catch(() => undefined);
  }
}

function follow(client: AgentControlClient, maxSeq: number, timeoutMs: number): Follower {
  let cancelled = false;
  const stream = client.tailLog({ log: 'configurator', follow: true }, { timeoutMs });
  const follower: Follower = {
    recorder: new LatencyRecorder(maxSeq),
    caughtUp: false,
    cancel() {
      cancelled = true;
      stream.cancel();
    },
    done: Promise.resolve(),
  };
  follower.done = (async () => {
    for await (const response of stream) {
      const receivedAt = nowMs();
      if (response.item.case === 'chunk' && follower.caughtUp) follower.recorder.record(asBuffer(response.item.value.data), receivedAt);
      else if (response.item.case === 'event' && response.item.value.kind === LogEventKind.CAUGHT_UP) follower.caughtUp = true;
    }
  })().catch((err: Error) => {
    if (!cancelled) follower.error = err;
  });
  return follower;
}
