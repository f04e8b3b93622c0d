/**
 * Jobs on disk: <state>/jobs/<id>.json, the protobuf JSON of the Job message,
 * one file per job. A write goes to a temporary file that is fsynced and then
 * renamed over the job's file, so a crash leaves the old or the new job, never
 * half of one. Writes of one job are serialised and coalesced: while one is
 * in flight only the newest next version is kept, so a burst of changes costs
 * two writes, and the file ends with the last version.
 */
import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobSchema, type Job } from '../../../gen/mobility/v1/agent_control_pb';
import { writeFileDurably } from '../files/durable-file';
import { isJobId } from './job-ids';

interface Slot {
  pending?: string;
  draining?: Promise<void>;
}

const TEMP_MARK = '.tmp-';

export class JobStore {
  private readonly slots = new Map<string, Slot>();
  private tempCounter = 0;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Every stored job, oldest first. Temporary files of writes a crash cut
   * short are removed; a file that does not parse is moved aside (kept for
   * people to look at) rather than stopping the daemon.
   */
  loadAll(warn: (message: string) => void): Job[] {
    const jobs: Job[] = [];
    for (const name of fs.readdirSync(this.dir).sort()) {
      const file = path.join(this.dir, name);
      if (name.includes(TEMP_MARK)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json') || !isJobId(name.slice(0, -5))) continue;
      const job = readJob(file);
      if (job && job.id === name.slice(0, -5)) jobs.push(job);
      else {
        fs.renameSync(file, `${file}.unreadable`);
        warn(`job file ${file} could not be read; moved it to ${file}.unreadable`);
      }
    }
    return jobs;
  }

  /** Stores the job as it is now; resolves once that version (or a newer one) is on disk. */
  save(job: Job): Promise<void> {
    let slot = this.slots.get(job.id);
    if (!slot) this.slots.set(job.id, (slot = {}));
    slot.pending = `${JSON.stringify(toJson(JobSchema, job), null, 2)}\n`;
    return (slot.draining ??= this.drain(job.id, slot));
  }

  /** Resolves when every write started so far has finished. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.slots.values()].map((slot) => slot.draining));
  }

  private async drain(id: string, slot: Slot): Promise<void> {
    try {
      while (slot.pending !== undefined) {
        const text = slot.pending;
        slot.pending = undefined;
        await this.writeAtomically(path.join(this.dir, `${id}.json`), text);
      }
    } finally {
      slot.draining = undefined;
      if (slot.pending === undefined) this.slots.delete(id);
    }
  }

  private writeAtomically(file: string, text: string): Promise<void> {
    return writeFileDurably(file, text, `${file}${TEMP_MARK}${process.pid}-${++this.tempCounter}`);
  }

}

function readJob(file: string): Job | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonValue;
    return fromJson(JobSchema, json, { ignoreUnknownFields: true });
  } catch {
    return undefined;
  }
}
