/**
 * Follow latency of one follower: a writer appends a stamped line every ~2 ms;
 * a TailLog follower (follow=true) and `tail -F -n 0` on the same file measure
 * append → receive per line, side by side, in this process (one clock).
 */
import * as fs from 'node:fs';
import { AgentControlClient } from '../client/agent-control-client';
import { LogEventKind } from '../gen/mobility/v1/agent_control_pb';
import { nowMs, sleep, waitUntil, withTimeout } from './lib/clock';
import type { BenchContext, BenchOutcome } from './lib/context';
import { startDaemonProcess } from './lib/daemon-process';
import { installerLine } from './lib/installer-lines';
import { LatencyRecorder } from './lib/latency-recorder';
import { writePaced, writeWarmupLine } from './lib/paced-writer';
import { captureTail, spawnTracked, stopChild } from './lib/processes';
import { atLeast, atMost, figure, type ResultRow } from './lib/report';
import { summarize } from './lib/stats';
import { asBuffer, LineSplitter } from './lib/timed-lines';

/** Gives the log some content if no earlier benchmark generated it. */
export function ensureLogExists(file: string): void {
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, Array.from({ length: 1000 }, (_, i) => installerLine(i)).join(''));
}

export async function runFollowLatency(ctx: BenchContext): Promise<BenchOutcome> {
  const cfg = ctx.profile.follow;
  const file = ctx.sandbox.installerLog;
  ensureLogExists(file);
  const writeBudgetMs = cfg.lines * cfg.intervalMs * 3 + 2000;

  const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox);
  const client = new AgentControlClient(daemon.address);
  const grpcRec = new LatencyRecorder(cfg.lines);
  const tailRec = new LatencyRecorder(cfg.lines);
  let tail: ReturnType<typeof spawnTracked> | undefined;
  let cancelled = false;
  // Set from the follower's callbacks (an object, so TypeScript does not narrow it away).
  const follower: { error?: Error; caughtUp: boolean } = { caughtUp: false };
  try {
    await client.waitForReady(10_000);
    const stream = client.tailLog({ log: 'installer', follow: true }, { timeoutMs: writeBudgetMs + 60_000 });
    const consuming = (async () => {
      for await (const response of stream) {
        const receivedAt = nowMs();
        if (response.item.case === 'chunk') grpcRec.record(asBuffer(response.item.value.data), receivedAt);
        else if (response.item.case === 'event' && response.item.value.kind === LogEventKind.CAUGHT_UP) follower.caughtUp = true;
      }
    })().catch((err: Error) => {
      if (!cancelled) follower.error = err;
    });

    if (!(await waitUntil(() => follower.caughtUp || follower.error !== undefined, 10_000))) throw new Error('the TailLog follower got no CAUGHT_UP event within 10 s');
    const early = follower.error;
    if (early) throw early;

    tail = spawnTracked('tail', ['-F', '-n', '0', file]);
    tail.stdin?.end();
    const tailStderr = captureTail(tail.stderr);
    const splitter = new LineSplitter();
    tail.stdout!.on('data', (chunk: Buffer) => {
      const receivedAt = nowMs();
      const lines = splitter.push(chunk);
      if (lines) tailRec.record(lines, receivedAt);
    });
    await sleep(300); // tail opens the file and sets its inotify watch

    // Warm-up lines until both readers have seen one (bounded).
    for (let i = 0; i < 50 && !(grpcRec.warm && tailRec.warm); i++) {
      writeWarmupLine(file);
      await waitUntil(() => grpcRec.warm && tailRec.warm, 100);
    }
    if (!grpcRec.warm || !tailRec.warm) {
      throw new Error(`warm-up lines did not arrive (TailLog ${grpcRec.warm}, tail -F ${tailRec.warm}) ${tailStderr()}`);
    }
    await sleep(100);

    ctx.log(`  writing ${cfg.lines} lines, one every ${cfg.intervalMs} ms`);
    const write = await writePaced({ file, rate: 1000 / cfg.intervalMs, total: cfg.lines, maxMs: writeBudgetMs });
    await waitUntil(() => grpcRec.received >= write.written && tailRec.received >= write.written, cfg.graceMs);

    cancelled = true;
    stream.cancel();
    await withTimeout(consuming, 5000, 'the TailLog follower').catch(() => undefined);

    const g = summarize(grpcRec.latencies.values());
    const t = summarize(tailRec.latencies.values());
    const pct = (r: LatencyRecorder) => (100 * r.receivedUpTo(write.lastSeq)) / Math.max(1, write.written);
    const writerNote = `${write.written} lines in ${(write.elapsedMs / 1000).toFixed(2)} s`;
    const rows: ResultRow[] = [
      figure('follow', 'TailLog follower p50', g.p50, 'ms', undefined, writerNote),
      figure('follow', 'TailLog follower p99', g.p99, 'ms', atMost(cfg.p99TargetMs)),
      figure('follow', 'TailLog follower max', g.max, 'ms'),
      figure('follow', 'TailLog follower lines delivered', pct(grpcRec), '%', atLeast(100), dupNote(grpcRec)),
      figure('follow', 'tail -F -n 0 p50 (reference)', t.p50, 'ms'),
      figure('follow', 'tail -F -n 0 p99 (reference)', t.p99, 'ms'),
      figure('follow', 'tail -F lines delivered', pct(tailRec), '%', undefined, dupNote(tailRec)),
    ];
    if (follower.error) rows.push(figure('follow', 'TailLog follower stream error', NaN, '', atLeast(0), follower.error.message));
    return {
      rows,
      details: {
        writer: { ...write, elapsedMs: Math.round(write.elapsedMs) },
        tailLog: { ...g, received: grpcRec.received, duplicates: grpcRec.duplicates, error: follower.error?.message ?? null },
        tailF: { ...t, received: tailRec.received, duplicates: tailRec.duplicates },
      },
    };
  } finally {
    cancelled = true;
    client.close();
    if (tail) await stopChild(tail, 1000);
    await daemon.stop();
  }
}

function dupNote(r: LatencyRecorder): string | undefined {
  const parts = [];
  if (r.duplicates) parts.push(`${r.duplicates} duplicates`);
  if (r.outOfRange) parts.push(`${r.outOfRange} unexpected`);
  return parts.length ? parts.join(', ') : undefined;
}
