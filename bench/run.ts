/**
 * Mobility Control benchmark suite (`npm run bench`): mobilityd (the built
 * bundle, a separate process on 127.0.0.1) measured against its targets, side
 * by side with baselines, in one run:
 *
 *   rss       daemon RSS idle after start            (daemon-rss.ts)
 *   backfill  TailLog vs a bare grpc-js stream        (backfill.ts, bare-stream-server.ts)
 *   follow    one follower's latency vs tail -F       (follow-latency.ts)
 *   many      100 followers of a busy log, + RSS      (many-followers.ts, follower-worker.ts)
 *   status    GetStatus calls/s at 1 and 50 in flight (status-rate.ts)
 *   tls       plain TCP vs TLS vs mTLS, and a token's CPU cost (tls.ts)
 *   tree      the extension's Hosts tree with 500 hosts, and its bundle size (extension-tree.ts)
 *
 *   npm run bench -- [--only backfill,status] [--quick]
 *
 * Prints a table (each figure PASS/FAIL against its target, or info) and writes
 * bench/results/latest.json. Exits 0 whatever the verdicts (it is a report);
 * non-zero only when a benchmark itself crashed. Temp files and child
 * processes are removed at the end, also on failure and Ctrl-C.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchName } from './lib/args';
import type { BenchContext, BenchOutcome } from './lib/context';
import { daemonOptionalArgs, daemonShutdowns } from './lib/daemon-process';
import { machineInfo } from './lib/machine';
import { killAllChildrenSync, REPO_ROOT, stopAllChildren } from './lib/processes';
import { benchProfile } from './lib/profile';
import { atLeast, errorRow, figure, formatTable, verdictCounts, writeJson, type ResultRow } from './lib/report';
import { makeBenchSandbox, type BenchSandbox } from './lib/sandbox';
import { runBackfill } from './backfill';
import { runDaemonRss } from './daemon-rss';
import { runFollowLatency } from './follow-latency';
import { runManyFollowers } from './many-followers';
import { runStatusRate } from './status-rate';
import { runTls } from './tls';
import { runExtensionTree } from './extension-tree';

const BENCHES: { name: BenchName; title: string; run: (ctx: BenchContext) => Promise<BenchOutcome> }[] = [
  { name: 'rss', title: 'daemon RSS, idle', run: runDaemonRss },
  { name: 'backfill', title: 'backfill throughput', run: runBackfill },
  { name: 'follow', title: 'follow latency, one follower', run: runFollowLatency },
  { name: 'many', title: 'many followers', run: runManyFollowers },
  { name: 'status', title: 'GetStatus rate', run: runStatusRate },
  { name: 'tls', title: 'TLS and mTLS vs plain TCP, and a token\'s cost', run: runTls },
  { name: 'tree', title: 'extension: 500 hosts in the tree', run: runExtensionTree },
];

let sandbox: BenchSandbox | undefined;

async function cleanup(): Promise<void> {
  await stopAllChildren();
  sandbox?.remove();
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof BenchUsageError) {
      process.stderr.write(`bench: ${err.message}\n\n${BENCH_USAGE}`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const profile = benchProfile(args.quick);
  const daemonBundle = path.resolve(REPO_ROOT, args.daemon ?? 'dist/mobilityd.cjs');
  const out = path.resolve(REPO_ROOT, args.out ?? 'bench/results/latest.json');
  if (!fs.existsSync(daemonBundle)) {
    process.stderr.write(`bench: ${daemonBundle} does not exist; run \`npm run build\` first\n`);
    return 1;
  }
  const machine = machineInfo(daemonBundle);
  const log = (message: string) => process.stdout.write(`${message}\n`);
  log(`Mobility Control bench (${profile.name}) — commit ${machine.commit}${machine.dirtyFiles ? ` + ${machine.dirtyFiles} uncommitted files` : ''}`);
  log(`${machine.cpus} × ${machine.cpuModel}, ${machine.memoryTotalMB} MiB, Node ${machine.node}, ${machine.platform} ${machine.kernel}`);
  const daemonArgs = ['--listen', '127.0.0.1:0', ...daemonOptionalArgs(daemonBundle), '--root', 'TMP/root', '--state-dir', 'TMP/state'];
  log(`daemon: node ${path.relative(REPO_ROOT, daemonBundle)} ${daemonArgs.join(' ')} (built ${machine.daemonBundleBuilt})`);
  if (machine.staleSources.length) {
    log(`WARNING: the bundle is older than ${machine.staleSources.length} source file(s) (${machine.staleSources.slice(0, 3).join(', ')}${machine.staleSources.length > 3 ? ', …' : ''}); run \`npm run build\``);
  }

  sandbox = makeBenchSandbox();
  const ctx: BenchContext = { profile, sandbox, daemonBundle, extraRows: [], log };
  const budget = setTimeout(() => {
    process.stderr.write(`bench: the run exceeded its ${profile.totalBudgetMs / 1000} s budget; stopping\n`);
    void cleanup().finally(() => process.exit(1));
  }, profile.totalBudgetMs);

  const started = new Date();
  const rows: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  const durations: Record<string, number> = {};
  /** 1-minute load average when each benchmark started: other work on the machine skews figures. */
  const loadBefore: Record<string, number> = {};
  let crashed = 0;
  try {
    for (const bench of BENCHES.filter((b) => args.only.has(b.name))) {
      loadBefore[bench.name] = Math.round(os.loadavg()[0] * 100) / 100;
      log(`\n[${bench.name}] ${bench.title} (load average ${loadBefore[bench.name].toFixed(2)} on ${machine.cpus} cores)`);
      const t0 = performance.now();
      try {
        const outcome = await bench.run(ctx);
        rows.push(...outcome.rows);
        details[bench.name] = outcome.details;
      } catch (err) {
        crashed++;
        rows.push(errorRow(bench.name, err));
        details[bench.name] = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
        log(`  CRASHED: ${err instanceof Error ? err.message : String(err)}`);
      }
      durations[bench.name] = Math.round(performance.now() - t0);
    }
  } finally {
    clearTimeout(budget);
    await cleanup();
  }

  // Figures one benchmark made for another's section go with that section.
  for (const extra of ctx.extraRows) {
    const last = rows.map((r) => r.bench).lastIndexOf(extra.bench);
    rows.splice(last >= 0 ? last + 1 : rows.length, 0, extra);
  }
  if (args.only.has('rss') && !args.only.has('many')) {
    rows.splice(rows.map((r) => r.bench).lastIndexOf('rss') + 1, 0, {
      ...figure('rss', 'daemon RSS with followers', NaN, 'MiB'),
      note: 'measured by "many"; not run',
    });
  }
  if (daemonShutdowns.length) {
    const clean = daemonShutdowns.filter((s) => s.clean).length;
    rows.push(
      figure(
        'daemon',
        'daemons that exited cleanly on SIGTERM',
        (100 * clean) / daemonShutdowns.length,
        '%',
        atLeast(100),
        `${clean}/${daemonShutdowns.length}${clean < daemonShutdowns.length ? `; ${daemonShutdowns.find((s) => !s.clean)!.detail}` : ''}`,
      ),
    );
  }

  rows.push(
    figure(
      'machine',
      '1-min load average before each bench',
      Math.max(...Object.values(loadBefore)),
      '',
      undefined,
      `max; ${Object.entries(loadBefore)
        .map(([name, load]) => `${name} ${load.toFixed(2)}`)
        .join(', ')} (${machine.cpus} cores; the bench itself adds up to ~2)`,
    ),
  );

  const finished = new Date();
  const counts = verdictCounts(rows);
  log(`\nResults (${profile.name}; MB = 10^6 bytes, MiB = 2^20 bytes; latency = append → receive)\n`);
  log(formatTable(rows));
  log(`\n${counts.PASS} PASS, ${counts.FAIL} FAIL, ${counts.ERROR} ERROR, ${counts.info} info — ${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s`);

  writeJson(out, {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    profile: profile.name,
    only: [...args.only],
    command: `node --import tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    daemonArgs,
    summary: counts,
    results: rows,
    durationsMs: durations,
    loadAverageBefore: loadBefore,
    details,
    profileSettings: profile,
  });
  log(`wrote ${path.relative(process.cwd(), out) || out}`);
  return crashed ? 1 : 0;
}

process.once('exit', () => {
  killAllChildrenSync();
  sandbox?.remove();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    void cleanup().finally(() => process.exit(1));
  },
);
