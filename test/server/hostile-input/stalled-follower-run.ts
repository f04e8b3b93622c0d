/**
 * The never-reading follower, the same way on both transports: a follower
 * subscribes and stops reading; the log then grows by far more than the
 * daemon may hold for one follower, in steps, each step written only once a
 * reading follower has received the one before (so the reader is never the
 * slow one). Meanwhile other clients are asked for something at every step,
 * and the daemon's memory is read.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { MAX_QUEUED_BYTES } from '../../../server/core/logs/live-queue';
import { memoryBaseline, MIB } from '../../helpers/process-memory';
import { INSTALLER_LOG, type HostileDaemon } from './hostile-daemon';
import type { ReadingFollower, StalledFollower, StreamEnd } from './log-followers';

/** How much the log grows under the stalled follower: four times what the daemon may queue for it, more than its whole budget. */
export const LOG_GROWTH = 256 * MIB;
const STEP = 8 * MIB;
/**
 * A stalled follower may cost its queue (MAX_QUEUED_BYTES, then it is cut
 * off) plus the garbage of reading the log through it; an unbounded one would
 * cost the whole growth.
 */
export const FOLLOWER_MEMORY_BUDGET = MAX_QUEUED_BYTES + 96 * MIB;

/** A block of 1 KiB lines. */
function lines(bytes: number): Buffer {
  const block = Buffer.alloc(bytes, 'x');
  for (let i = 1023; i < bytes; i += 1024) block[i] = 0x0a;
  return block;
}

export interface StalledRun {
  open(start: number): Promise<{ stalled: StalledFollower; reader: ReadingFollower }>;
  /** One request of another client: it must be answered while the follower is stalled. */
  otherClient(): Promise<void>;
}

/** Runs the growth and returns how the stalled follower's stream ended once it read again. */
export async function runStalledFollower(d: HostileDaemon, run: StalledRun): Promise<StreamEnd> {
  const log = d.sandbox.path(INSTALLER_LOG);
  const { stalled, reader } = await run.open(fs.statSync(log).size);
  try {
    const memory = memoryBaseline(d.daemon.pid);
    const block = lines(STEP);
    for (let grown = 0; grown < LOG_GROWTH; grown += STEP) {
      fs.appendFileSync(log, block);
      await reader.untilOffset(fs.statSync(log).size);
      memory.sample();
      await run.otherClient();
    }
    memory.assertGrowthWithin(FOLLOWER_MEMORY_BUDGET, `while the log grew by ${LOG_GROWTH / MIB} MiB under a follower that never read`);
    assert.equal(reader.ended, false, 'the reading follower is still following');
    return await stalled.resume();
  } finally {
    reader.close();
    stalled.close();
  }
}
