/**
 * The agent's Linux processes (vxagent, svagent, uarespawnd) and their
 * resident memory, read from /proc.
 *
 * A full /proc scan reads one file per process on the machine, too slow to do
 * on every GetStatus (thousands a second). So the table remembers which pids
 * carry agent names and, on each call, re-reads only those (comm + statm:
 * microseconds). The full scan, which finds newly started agent processes,
 * runs at most once a second, or at once when a remembered pid is gone, and
 * concurrent calls share one scan. A process started since the last scan is
 * therefore reported within a second; one that stopped is never reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromFsError } from '../errors/app-error';
import { readProcFile } from './proc-file';

export const LINUX_AGENT_PROCESSES = ['vxagent', 'svagent', 'uarespawnd'];

export const RESCAN_INTERVAL_MS = 1000;

/** Pids read between yields to the event loop during a full scan. */
const SCAN_BATCH = 128;

/** The processes running under one name. */
export interface ProcessGroup {
  name: string;
  pids: number[];
  rssBytes: number;
}

interface Sample {
  pid: number;
  name: string;
  rssBytes: number;
}

export class LinuxProcessTable {
  /** Agent pids seen by the last scan, with their names. */
  private known = new Map<number, string>();
  private lastScanAt = -Infinity;
  private scanning?: Promise<void>;

  constructor(
    private readonly procRoot: string,
    private readonly names: readonly string[] = LINUX_AGENT_PROCESSES,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** One group per expected name, in the order of `names`. */
  async sample(pageSize: number): Promise<ProcessGroup[]> {
    if (this.clock() - this.lastScanAt >= RESCAN_INTERVAL_MS) await this.rescan();
    let checked = this.verifyKnown(pageSize);
    if (checked.vanished) {
      // A pid we knew is gone: its name may live on under a new pid (a restart).
      await this.rescan();
      checked = this.verifyKnown(pageSize);
    }
    return this.names.map((name) => group(name, checked.samples));
  }

  /** Re-reads the remembered pids; forgets those that exited or changed name. */
  private verifyKnown(pageSize: number): { samples: Sample[]; vanished: boolean } {
    const samples: Sample[] = [];
    let vanished = false;
    for (const [pid, name] of this.known) {
      const dir = path.join(this.procRoot, String(pid));
      const comm = readProcFile(path.join(dir, 'comm'))?.trim();
      const statm = comm === name ? readProcFile(path.join(dir, 'statm')) : undefined;
      if (statm === undefined) {
        this.known.delete(pid);
        vanished = true;
        continue;
      }
      const [size, resident] = statm.trim().split(/\s+/).map(Number);
      // A zombie (exited, not yet reaped) has no memory at all: it is not running.
      // It stays remembered so that its reaping, not every call, triggers a rescan.
      if (size === 0) continue;
      samples.push({ pid, name, rssBytes: (resident || 0) * pageSize });
    }
    return { samples, vanished };
  }

  /** Single flight: callers arriving during a scan wait for that scan. */
  private rescan(): Promise<void> {
    return (this.scanning ??= this.scanAll().finally(() => {
      this.scanning = undefined;
    }));
  }

  private async scanAll(): Promise<void> {
    const startedAt = this.clock();
    const entries = await this.listPids();
    const wanted = new Set(this.names);
    const found = new Map<number, string>();
    for (let i = 0; i < entries.length; i += SCAN_BATCH) {
      // Sync reads in batches: cheaper than one thread-pool trip per file, and
      // the yields keep a scan of thousands of pids from stalling other calls.
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const pid of entries.slice(i, i + SCAN_BATCH)) {
        const comm = readProcFile(path.join(this.procRoot, pid, 'comm'))?.trim();
        if (comm !== undefined && wanted.has(comm)) found.set(Number(pid), comm);
      }
    }
    this.known = found;
    this.lastScanAt = startedAt;
  }

  private async listPids(): Promise<string[]> {
    try {
      const entries = await fs.promises.readdir(this.procRoot);
      return entries.filter((e) => /^\d+$/.test(e));
    } catch (err) {
      throw fromFsError(err, 'the process information folder', this.procRoot);
    }
  }
}

function group(name: string, samples: Sample[]): ProcessGroup {
  const mine = samples.filter((s) => s.name === name).sort((a, b) => a.pid - b.pid);
  return { name, pids: mine.map((s) => s.pid), rssBytes: mine.reduce((sum, s) => sum + s.rssBytes, 0) };
}
