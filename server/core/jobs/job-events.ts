/**
 * Job changes as a stream: every change of a job is published as a snapshot
 * with a revision number, and `watchJob` turns them into the async iterable
 * WatchJob serves. The first item is the job as it is now; later items come
 * in order, each one at most once, and the iteration ends after the job's
 * ended state (or when the watcher's signal aborts).
 */
import type { Job } from '../../../gen/mobility/v1/agent_control_pb';
import { isEnded } from './job-record';

export interface Revision {
  job: Job;
  revision: number;
}

type Listener = (change: Revision) => void;

export class JobEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(change: Revision): void {
    for (const listener of this.listeners.get(change.job.id) ?? []) listener(change);
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  watcherCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}

/**
 * Subscribes before reading the current job, so no change between the two is
 * lost; revisions drop what the first snapshot already showed.
 */
export async function* watchJob(events: JobEvents, id: string, now: () => Revision, signal: AbortSignal): AsyncGenerator<Job> {
  const queue: Revision[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = events.subscribe(id, (change) => {
    queue.push(change);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    let last = now();
    yield last.job;
    while (!isEnded(last.job) && !signal.aborted) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const next = queue.shift();
      if (!next || next.revision <= last.revision) continue;
      last = next;
      yield last.job;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
