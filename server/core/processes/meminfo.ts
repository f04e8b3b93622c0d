/** Total physical memory, the denominator of the agent's memory share. */
import * as os from 'node:os';
import * as path from 'node:path';
import { readProcFile } from './proc-file';

/**
 * The kernel builds all of /proc/meminfo on every read (~20 µs, a third of a
 * whole GetStatus), yet MemTotal changes only when memory is hot-plugged. So
 * it is re-read at most once a second, the same freshness as the process scan.
 */
export const MEMTOTAL_TTL_MS = 1000;

const cache = new Map<string, { bytes: number; readAt: number }>();

/**
 * MemTotal from <procRoot>/meminfo, in bytes. Falls back to os.totalmem()
 * when the process root has no meminfo (a test or sample process root).
 */
export function readMemTotalBytes(procRoot: string, now: number = performance.now()): number {
  const cached = cache.get(procRoot);
  if (cached && now - cached.readAt < MEMTOTAL_TTL_MS) return cached.bytes;
  const text = readProcFile(path.join(procRoot, 'meminfo'));
  const kib = text ? /^MemTotal:\s+(\d+)\s*kB/m.exec(text)?.[1] : undefined;
  const bytes = kib ? Number(kib) * 1024 : os.totalmem();
  cache.set(procRoot, { bytes, readAt: now });
  return bytes;
}
