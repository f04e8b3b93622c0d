/**
 * Consumes a WatchJob stream and lets a test wait, event-driven, until the
 * snapshots received satisfy a condition (a step running, the job ended).
 */
import type { AgentControlClient } from '../../client/agent-control-client';
import type { ServerStream } from '../../client/calls/server-stream';
import type { ClientError } from '../../client/errors/client-error';
import { jobEnded } from '../../client/jobs/job-state';
import { JobState, StepKind, StepState, type Job, type WatchJobResponse } from '../../gen/mobility/v1/agent_control_pb';
import { Waitable } from './waitable';

export const stepOf = (job: Job | undefined, kind: StepKind) => job?.steps.find((s) => s.kind === kind);

export class JobWatcher extends Waitable {
  /** How the stream failed, as the client reports it. */
  declare error?: ClientError;
  readonly snapshots: Job[] = [];

  constructor(readonly stream: ServerStream<WatchJobResponse>) {
    super();
    void this.pump();
  }

  get last(): Job | undefined {
    return this.snapshots[this.snapshots.length - 1];
  }

  /** Resolves with the job once it has ended (and the stream with it). */
  async result(): Promise<Job> {
    await this.until((w) => w.ended, 'the end of the stream').catch(() => undefined);
    if (this.error) throw this.error;
    if (!this.last || !jobEnded(this.last)) throw new Error(`the watch ended before the job did (last state ${this.last && JobState[this.last.state]})`);
    return this.last!;
  }

  untilStep(kind: StepKind, state: StepState): Promise<void> {
    return this.until((w) => stepOf(w.last, kind)?.state === state, `${StepKind[kind]} ${StepState[state]}`);
  }

  cancel(): void {
    this.stream.cancel();
  }

  private async pump(): Promise<void> {
    try {
      for await (const message of this.stream) {
        if (message.job) this.snapshots.push(message.job);
        this.notify();
      }
    } catch (err) {
      this.error = err as ClientError;
    }
    this.ended = true;
    this.notify();
  }
}

/** Follows a job with the daemon's own WatchJob stream until a snapshot satisfies `condition` (fails if the watch ends first). */
export async function jobUntil(daemon: { client: AgentControlClient }, id: string, condition: (job: Job) => boolean): Promise<Job> {
  const watcher = new JobWatcher(daemon.client.watchJob(id));
  try {
    await watcher.until((w) => w.last !== undefined && condition(w.last), `job ${id} in the expected state`);
    return watcher.last!;
  } finally {
    watcher.cancel();
  }
}
