/**
 * Many followers of one busy log: N TailLog followers (in child processes, over
 * several connections) while a writer appends 1,000 stamped lines/s for 10 s.
 * Every line must reach every follower; latency is append → receive. Also
 * samples the daemon's RSS and CPU while they are attached.
 */
import { nowMs, sleep, waitUntil } from './lib/clock';
import type { BenchContext, BenchOutcome } from './lib/context';
import { startDaemonProcess } from './lib/daemon-process';
import { writePaced, writeWarmupLine } from './lib/paced-writer';
import { CpuMeter, RssSampler } from './lib/proc-stats';
import { atLeast, atMost, figure, type ResultRow } from './lib/report';
import { summarize } from './lib/stats';
import { WorkerHandle } from './lib/worker-handle';
import type { FollowerStats } from './lib/worker-protocol';
import { ensureLogExists } from './follow-latency';

const MiB = 1_048_576;

export async function runManyFollowers(ctx: BenchContext): Promise<BenchOutcome> {
  const cfg = ctx.profile.many;
  const file = ctx.sandbox.installerLog;
  ensureLogExists(file);
  const total = Math.round((cfg.linesPerSecond * cfg.durationMs) / 1000);
  const writeBudgetMs = cfg.durationMs * 1.5 + 1000;
  const lifetimeMs = 30_000 + writeBudgetMs + cfg.graceMs + 30_000;

  const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox);
  const workers: WorkerHandle[] = [];
  try {
    const perWorker = splitEvenly(cfg.followers, cfg.workers);
    for (const followers of perWorker) {
      const channels = Math.max(1, Math.min(followers, cfg.channelsPerWorker));
      workers.push(new WorkerHandle({ address: daemon.address, followers, channels, maxSeq: total, lifetimeMs }));
    }
    const ready = await Promise.all(workers.map((w) => w.next('ready', 40_000)));
    ready.forEach((r, i) => {
      if (!r) throw new Error(`follower worker ${i} did not report ready: ${workers[i].stderr() || 'no output'}`);
    });
    const caughtUp = ready.reduce((n, r) => n + r!.caughtUp, 0);
    ctx.log(`  ${caughtUp}/${cfg.followers} followers caught up (${workers.length} workers × ${cfg.channelsPerWorker} connections)`);
    const clocks = [];
    for (const w of workers) clocks.push(await w.clockOffset());

    // Warm-up lines until every follower has seen one (bounded).
    const warm = workers.map(() => false);
    const warmWaits = workers.map((w, i) => w.next('warm', 15_000).then((m) => (warm[i] = m !== undefined)));
    for (let i = 0; i < 100 && !warm.every(Boolean); i++) {
      writeWarmupLine(file);
      await waitUntil(() => warm.every(Boolean), 100);
    }
    await Promise.race([Promise.all(warmWaits), sleep(100)]);
    const allWarm = warm.every(Boolean);
    await sleep(200);

    const rss = new RssSampler(daemon.pid, 100);
    const daemonCpu = new CpuMeter(daemon.pid);
    const workerCpu = workers.map((w) => new CpuMeter(w.pid));
    ctx.log(`  writing ${total.toLocaleString('en-US')} lines at ${cfg.linesPerSecond}/s to ${cfg.followers} followers`);
    const write = await writePaced({ file, rate: cfg.linesPerSecond, total, maxMs: writeBudgetMs });
    const writeEnd = nowMs();
    for (const w of workers) w.command(`end ${write.lastSeq}`);
    const dones = await Promise.all(workers.map((w) => w.next('done', cfg.graceMs)));
    const drainMs = dones.every(Boolean) ? Math.max(0, ...dones.map((d) => d!.now - writeEnd)) : NaN;
    const daemonCpuPct = daemonCpu.percentOfOneCore();
    const daemonCpuMs = daemonCpu.usedMs();
    const workerCpuPct = workerCpu.map((m) => m.percentOfOneCore());
    const memory = rss.stop();

    for (const w of workers) w.command('stop');
    const results = await Promise.all(workers.map((w) => w.next('result', 20_000)));
    results.forEach((r, i) => {
      if (!r) throw new Error(`follower worker ${i} sent no result: ${workers[i].stderr() || 'no output'}`);
    });

    const followers: FollowerStats[] = results.flatMap((r) => r!.followers);
    const latencyArrays = results.map((r) => decodeFloats(r!.latencies));
    const all = new Float64Array(latencyArrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of latencyArrays) {
      all.set(a, at);
      at += a.length;
    }
    const lat = summarize(all);
    // The same without the first second of writing (start-up transient: JIT, buffers, connections warming).
    const steadyFrom = cfg.linesPerSecond + 1;
    const steady: number[] = [];
    results.forEach((r, i) => {
      const bytes = Buffer.from(r!.seqs, 'base64');
      const seqOf = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const latency = latencyArrays[i];
      for (let k = 0; k < seqOf.length; k++) if (seqOf[k] >= steadyFrom) steady.push(latency[k]);
    });
    const steadyLat = summarize(steady);
    const timeline = worstLatencyTimeline(
      results.map((r) => decodeFloats(r!.worstBySeq)),
      write.lastSeq,
      cfg.linesPerSecond,
    );
    ctx.log(`  worst latency per second of writing (ms): ${timeline.map((b) => Math.round(b.worstMs)).join(' ')}`);
    const expected = write.lastSeq * cfg.followers;
    const received = followers.reduce((n, f) => n + f.received, 0);
    const complete = followers.filter((f) => f.received === write.lastSeq).length;
    const errors = followers.filter((f) => f.error).map((f) => f.error!);
    const messages = followers.reduce((n, f) => n + f.messages, 0);
    const linesPerMessage = received / Math.max(1, messages);
    const n = cfg.followers;
    const worstClock = Math.max(0, ...clocks.map((c) => (c ? Math.abs(c.offsetMs) : 0)));

    const rows: ResultRow[] = [
      figure(
        'many',
        `lines delivered to ${n} followers`,
        (100 * received) / Math.max(1, expected),
        '%',
        atLeast(100),
        `${received.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')}; ${complete}/${n} followers complete`,
      ),
      figure('many', 'latency p50', lat.p50, 'ms', undefined, `${write.lastSeq.toLocaleString('en-US')} lines in ${(write.elapsedMs / 1000).toFixed(1)} s`),
      figure('many', 'latency p99', lat.p99, 'ms', atMost(cfg.p99TargetMs)),
      figure('many', 'latency max', lat.max, 'ms'),
      figure('many', 'latency p99 after the first second', steadyLat.p99, 'ms', undefined, `p50 ${steadyLat.p50.toFixed(2)} ms, max ${steadyLat.max.toFixed(1)} ms`),
      figure('many', 'last line reached every follower after', drainMs, 'ms', undefined, Number.isNaN(drainMs) ? `not within ${cfg.graceMs} ms` : 'after the last write'),
      figure('many', 'lines per message (batching)', linesPerMessage, 'lines', undefined, `${messages.toLocaleString('en-US')} messages`),
      figure('many', 'daemon CPU while writing', daemonCpuPct, '% CPU', undefined, 'of one core'),
      figure('many', 'daemon CPU per message sent', (1000 * daemonCpuMs) / Math.max(1, messages), 'µs', undefined, `${Math.round(daemonCpuMs)} ms in all`),
      figure(
        'many',
        'follower workers CPU',
        workerCpuPct.reduce((a, b) => a + b, 0),
        '% CPU',
        undefined,
        `${workerCpuPct.map((p) => p.toFixed(0)).join(' + ')} (client side)`,
      ),
    ];
    if (errors.length) rows.push(figure('many', 'followers whose stream failed', errors.length, 'followers', atMost(0), errors[0]));
    if (!allWarm) rows.push(figure('many', 'followers warm before writing', NaN, '', atLeast(1), 'warm-up lines did not reach every follower'));
    ctx.extraRows.push(
      figure(
        'rss',
        `daemon RSS with ${n} followers (peak)`,
        memory.peakBytes / MiB,
        'MiB',
        atMost(ctx.profile.rss.followersTargetMB),
        `median ${(memory.medianBytes / MiB).toFixed(1)} MiB over ${memory.samples} samples`,
      ),
    );
    return {
      rows,
      details: {
        followers: n,
        workers: workers.length,
        connectionsPerWorker: cfg.channelsPerWorker,
        caughtUpBeforeWriting: caughtUp,
        warmBeforeWriting: allWarm,
        writer: { ...write, elapsedMs: Math.round(write.elapsedMs) },
        expected,
        received,
        completeFollowers: complete,
        latencyMs: lat,
        latencyAfterFirstSecondMs: steadyLat,
        timelineBySecond: timeline,
        drainMs: Number.isNaN(drainMs) ? null : Math.round(drainMs),
        messages,
        linesPerMessage,
        daemonCpuPercentOfOneCore: daemonCpuPct,
        daemonCpuMs,
        workerCpuPercentOfOneCore: workerCpuPct,
        workerClockOffsetMs: clocks,
        worstClockOffsetMs: worstClock,
        daemonRss: memory,
        errors: errors.slice(0, 10),
        minReceivedByOneFollower: Math.min(...followers.map((f) => f.received)),
      },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await daemon.stop();
  }
}

function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  // Copy: the decoded Buffer may not be 4-byte aligned.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Per second of writing: the median and worst of each line's worst latency over all followers. */
function worstLatencyTimeline(perWorker: Float32Array[], lastSeq: number, linesPerSecond: number) {
  const buckets: { second: number; medianWorstMs: number; worstMs: number }[] = [];
  for (let from = 1; from <= lastSeq; from += linesPerSecond) {
    const to = Math.min(lastSeq, from + linesPerSecond - 1);
    const worst: number[] = [];
    for (let seq = from; seq <= to; seq++) worst.push(Math.max(...perWorker.map((w) => w[seq] ?? 0)));
    worst.sort((a, b) => a - b);
    buckets.push({
      second: buckets.length,
      medianWorstMs: Math.round(worst[worst.length >> 1] * 10) / 10,
      worstMs: Math.round(worst[worst.length - 1] * 10) / 10,
    });
  }
  return buckets;
}

function splitEvenly(total: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, total));
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}
