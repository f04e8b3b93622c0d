/**
 * The agent's Linux processes (vxagent, svagent, uarespawnd) and their
 * resident memory, read from /proc.
 *
 * A full /proc scan reads one file per process on the machine, too slow to do
 * on every GetStatus (thousands a second). So the table remembers the agent
 * processes it found, holding their comm and statm files open, and on each
 * call re-reads only those (one pread each: microseconds). The full scan,
 * which finds newly started agent processes, runs at most once a second, or at
 * once when a remembered process is gone, and concurrent calls share one scan.
 * A process started since the last scan is therefore reported within a
 * second; one that stopped is never reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromFsError } from '../errors/app-error';
import { openProcFile, readProcFd, readProcFile } from './proc-file';

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

/** A remembered agent process. Its open files stay bound to that process, never to a reused pid. */
interface Tracked {
  name: string;
  comm: OpenFile;
  statm: OpenFile;
}

interface OpenFile {
  fd: number;
  file: string;
}

export class LinuxProcessTable {
  /** Agent processes seen by the last scan, by pid. */
  private readonly known = new Map<number, Tracked>();
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

  /** Re-reads the remembered processes; forgets those that exited or changed name. */
  private verifyKnown(pageSize: number): { samples: Sample[]; vanished: boolean } {
    const samples: Sample[] = [];
    let vanished = false;
    for (const [pid, proc] of this.known) {
      const comm = readProcFd(proc.comm.fd, proc.comm.file)?.trim();
      const statm = comm === proc.name ? readProcFd(proc.statm.fd, proc.statm.file) : undefined;
      if (statm === undefined) {
        this.forget(pid);
        vanished = true;
        continue;
      }
      const [size, resident] = statm.trim().split(/\s+/).map(Number);
      // A zombie (exited, not yet reaped) has no memory at all: it is not running.
      // It stays remembered so that its reaping, not every call, triggers a rescan.
      if (size === 0) continue;
      samples.push({ pid, name: proc.name, rssBytes: (resident || 0) * pageSize });
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
    const found = await this.findAgentPids();
    for (const [pid, proc] of this.known) if (found.get(pid) !== proc.name) this.forget(pid);
    for (const [pid, name] of found) {
      if (this.known.has(pid)) continue;
      const tracked = this.track(pid, name);
      if (tracked) this.known.set(pid, tracked);
    }
    this.lastScanAt = startedAt;
  }

  /** Every pid whose comm is an agent name: one small read per process on the machine. */
  private async findAgentPids(): Promise<Map<number, string>> {
    const pids = await this.listPids();
    const wanted = new Set(this.names);
    const found = new Map<number, string>();
    for (let i = 0; i < pids.length; i += SCAN_BATCH) {
      // Sync reads in batches: cheaper than one thread-pool trip per file, and
      // the yields keep a scan of thousands of pids from stalling other calls.
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const pid of pids.slice(i, i + SCAN_BATCH)) {
        const comm = readProcFile(path.join(this.procRoot, pid, 'comm'))?.trim();
        if (comm !== undefined && wanted.has(comm)) found.set(Number(pid), comm);
      }
    }
    return found;
  }

  private track(pid: number, name: string): Tracked | undefined {
    const dir = path.join(this.procRoot, String(pid));
    const comm = openFile(path.join(dir, 'comm'));
    const statm = comm && openFile(path.join(dir, 'statm'));
    if (!comm || !statm) {
      if (comm) fs.closeSync(comm.fd);
      return undefined;
    }
    return { name, comm, statm };
  }

  private forget(pid: number): void {
    const proc = this.known.get(pid);
    if (!proc) return;
    this.known.delete(pid);
    fs.closeSync(proc.comm.fd);
    fs.closeSync(proc.statm.fd);
  }

  /** Closes the files it holds open; the next sample scans afresh. */
  close(): void {
    for (const pid of [...this.known.keys()]) this.forget(pid);
    this.lastScanAt = -Infinity;
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

function openFile(file: string): OpenFile | undefined {
  const fd = openProcFile(file);
  return fd === undefined ? undefined : { fd, file };
}
