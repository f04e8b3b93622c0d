/**
 * The daemon's resident memory (VmRSS from /proc) when idle after start. The
 * figure with many followers attached is taken by many-followers.ts.
 */
import { sleep } from './lib/clock';
import type { BenchContext, BenchOutcome } from './lib/context';
import { startDaemonProcess } from './lib/daemon-process';
import { readRssBytes } from './lib/proc-stats';
import { atMost, figure } from './lib/report';

const MiB = 1_048_576;

export async function runDaemonRss(ctx: BenchContext): Promise<BenchOutcome> {
  const cfg = ctx.profile.rss;
  const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox);
  try {
    await sleep(cfg.settleMs);
    const samples: number[] = [];
    const end = Date.now() + cfg.sampleMs;
    for (let i = 0; i < 100 && Date.now() < end; i++) {
      const rss = readRssBytes(daemon.pid);
      if (rss !== undefined) samples.push(rss);
      await sleep(100);
    }
    const peak = samples.length ? Math.max(...samples) : NaN;
    return {
      rows: [
        figure('rss', 'daemon RSS idle after start', peak / MiB, 'MiB', atMost(cfg.idleTargetMB), `started in ${daemon.startupMs} ms`),
      ],
      details: { idleRssBytes: samples, startupMs: daemon.startupMs },
    };
  } finally {
    await daemon.stop();
  }
}
