/**
 * Backfill throughput: a large installer log read to its end with TailLog (no
 * follow, start_offset 0) against a bare grpc-js server stream sending the same
 * file in newline-aligned 64 KiB chunks. Runs alternate; medians are compared.
 */
import * as fs from 'node:fs';
import type { BenchContext, BenchOutcome } from './lib/context';
import { startDaemonProcess } from './lib/daemon-process';
import { generateInstallerLog } from './lib/installer-lines';
import { readWithBareStream, readWithTailLog, type ReadResult } from './lib/backfill-readers';
import { startBareServer, type BareServer } from './lib/bare-server-process';
import { readCpuMs, readRssBytes } from './lib/proc-stats';
import { atLeast, figure, type ResultRow } from './lib/report';
import { median } from './lib/stats';

const MB = 1_000_000;

export async function ensureGeneratedLog(ctx: BenchContext): Promise<NonNullable<BenchContext['generatedLog']>> {
  if (ctx.generatedLog) return ctx.generatedLog;
  const started = performance.now();
  ctx.log(`  generating a ${(ctx.profile.backfill.bytes / MB).toFixed(0)} MB installer log`);
  const { bytes, lines } = generateInstallerLog(ctx.sandbox.installerLog, ctx.profile.backfill.bytes);
  ctx.generatedLog = { bytes, lines, generateMs: performance.now() - started };
  return ctx.generatedLog;
}

interface Run {
  kind: 'tailLog' | 'bare';
  mbPerSecond: number;
  linesPerSecond: number;
  result: ReadResult;
  /** CPU the serving process used during the run, ms. */
  serverCpuMs: number;
}

export async function runBackfill(ctx: BenchContext): Promise<BenchOutcome> {
  const cfg = ctx.profile.backfill;
  const log = await ensureGeneratedLog(ctx);
  const size = fs.statSync(ctx.sandbox.installerLog).size;
  if (size !== log.bytes) throw new Error(`the installer log changed size (${size} != ${log.bytes}) before the backfill`);

  const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox);
  let bare: BareServer | undefined;
  try {
    bare = await startBareServer(ctx.sandbox.installerLog);
    const bareAddress = bare.address;

    // Warm-up (not measured): connections, JIT, page cache.
    const warm = Math.min(16 * MB, log.bytes);
    await readWithTailLog(daemon.address, cfg.runTimeoutMs, warm);
    await readWithBareStream(bareAddress, cfg.runTimeoutMs, warm);

    const runs: Run[] = [];
    const measure = async (kind: Run['kind']) => {
      const serverPid = kind === 'tailLog' ? daemon.pid : bare!.pid;
      const cpuBefore = readCpuMs(serverPid) ?? NaN;
      const result =
        kind === 'tailLog'
          ? await readWithTailLog(daemon.address, cfg.runTimeoutMs)
          : await readWithBareStream(bareAddress, cfg.runTimeoutMs);
      const serverCpuMs = (readCpuMs(serverPid) ?? NaN) - cpuBefore;
      const seconds = result.ms / 1000;
      const run = { kind, result, serverCpuMs, mbPerSecond: result.bytes / MB / seconds, linesPerSecond: result.lines / seconds };
      runs.push(run);
      ctx.log(
        `  ${kind.padEnd(7)} ${run.mbPerSecond.toFixed(1)} MB/s, ${Math.round(run.linesPerSecond).toLocaleString('en-US')} lines/s, ` +
          `${result.messages} messages, server CPU ${Math.round(serverCpuMs)} ms (${Math.round((serverCpuMs / result.ms) * 100)} % of one core)`,
      );
    };
    for (let i = 0; i < cfg.runs; i++) {
      // Alternate, and alternate who goes first, so drift hits both alike.
      const order: Run['kind'][] = i % 2 === 0 ? ['tailLog', 'bare'] : ['bare', 'tailLog'];
      for (const kind of order) await measure(kind);
    }
    const rssAfter = readRssBytes(daemon.pid);

    const of = (kind: Run['kind']) => runs.filter((r) => r.kind === kind);
    const tail = of('tailLog');
    const base = of('bare');
    const tailMb = median(tail.map((r) => r.mbPerSecond));
    const bareMb = median(base.map((r) => r.mbPerSecond));
    const complete = (r: Run) => r.result.bytes === log.bytes && r.result.lines === log.lines;
    const incomplete = runs.filter((r) => !complete(r));
    const badLineCounts = tail.filter((r) => r.result.reportedLines !== r.result.lines);
    const n = cfg.runs;
    const sizeNote = `${(log.bytes / MB).toFixed(0)} MB, ${log.lines.toLocaleString('en-US')} lines`;

    const rows: ResultRow[] = [
      figure('backfill', `TailLog throughput (median of ${n})`, tailMb, 'MB/s', undefined, sizeNote),
      figure('backfill', 'TailLog lines/s', median(tail.map((r) => r.linesPerSecond)), 'lines/s'),
      figure('backfill', `bare grpc-js stream (median of ${n})`, bareMb, 'MB/s', undefined, '64 KiB newline-aligned chunks'),
      figure('backfill', 'bare grpc-js lines/s', median(base.map((r) => r.linesPerSecond)), 'lines/s'),
      figure('backfill', 'TailLog / bare', tailMb / bareMb, 'x', atLeast(cfg.targetRatio)),
      figure('backfill', 'daemon CPU per 100 MB (TailLog)', median(tail.map(cpuPer100MB)), 'ms', undefined, 'median; CPU time, less noisy than MB/s'),
      figure('backfill', 'bare server CPU per 100 MB', median(base.map(cpuPer100MB)), 'ms'),
      figure('backfill', 'daemon CPU / bare CPU per byte', median(tail.map(cpuPer100MB)) / median(base.map(cpuPer100MB)), 'x'),
      figure(
        'backfill',
        'runs that read every byte and line',
        (100 * (runs.length - incomplete.length)) / runs.length,
        '%',
        atLeast(100),
        incomplete.map((r) => `${r.kind}: ${r.result.bytes} B, ${r.result.lines} lines`).join('; ') || undefined,
      ),
      figure(
        'backfill',
        'TailLog chunks with a right line_count',
        (100 * (tail.length - badLineCounts.length)) / tail.length,
        '%',
        atLeast(100),
      ),
      figure('backfill', 'daemon RSS after the backfill runs', (rssAfter ?? NaN) / 1_048_576, 'MiB'),
    ];
    return {
      rows,
      details: {
        file: { bytes: log.bytes, lines: log.lines, generateMs: Math.round(log.generateMs) },
        tailLogMessageBytes: tail[0] ? Math.round(tail[0].result.bytes / Math.max(1, tail[0].result.messages)) : null,
        runs: runs.map((r) => ({
          kind: r.kind,
          ms: Math.round(r.result.ms),
          bytes: r.result.bytes,
          lines: r.result.lines,
          messages: r.result.messages,
          mbPerSecond: round(r.mbPerSecond),
          linesPerSecond: Math.round(r.linesPerSecond),
          serverCpuMs: Math.round(r.serverCpuMs),
        })),
        daemonRssAfterBytes: rssAfter ?? null,
      },
    };
  } finally {
    await bare?.stop();
    await daemon.stop();
  }
}

function cpuPer100MB(run: Run): number {
  return (run.serverCpuMs / run.result.bytes) * 100 * MB;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
