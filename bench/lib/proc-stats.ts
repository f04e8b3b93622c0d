/** Memory and CPU of another process, from /proc (Linux). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** VmRSS of a process in bytes, or undefined if it is gone. */
export function readRssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time a process has used, in ms, or undefined if it is gone. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process's live threads in ms with nanosecond resolution (the
 * sum of /proc/PID/task/TID/schedstat), where readCpuMs counts 10 ms ticks: a
 * difference of a few µs per call shows only this way. Threads that ended are
 * not counted (a daemon's threads live as long as it does); a thread running
 * at the moment of reading lags by up to a scheduler tick. Falls back to
 * readCpuMs where schedstat is missing.
 */
export function readCpuMsPrecise(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return ns > 0 ? ns / 1e6 : readCpuMs(pid);
  } catch {
    return readCpuMs(pid);
  }
}

/** Samples a process's RSS on a timer; stop() returns peak and median. */
export class RssSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  private sample(): void {
    const rss = readRssBytes(this.pid);
    if (rss !== undefined) this.samples.push(rss);
  }

  stop(): { peakBytes: number; medianBytes: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      peakBytes: sorted.length ? sorted[sorted.length - 1] : NaN,
      medianBytes: sorted.length ? sorted[sorted.length >> 1] : NaN,
      samples: sorted.length,
    };
  }
}

/** CPU use of a process over an interval, as a percentage of one core. */
export class CpuMeter {
  private readonly startCpu: number | undefined;
  private readonly startWall = performance.now();

  constructor(private readonly pid: number) {
    this.startCpu = readCpuMs(pid);
  }

  percentOfOneCore(): number {
    return (100 * this.usedMs()) / (performance.now() - this.startWall);
  }

  /** CPU ms used since the meter was created. */
  usedMs(): number {
    const cpu = readCpuMs(this.pid);
    if (cpu === undefined || this.startCpu === undefined) return NaN;
    return cpu - this.startCpu;
  }
}
