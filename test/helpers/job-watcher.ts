/**
 * Consumes a WatchJob stream and lets a test wait, event-driven, until the
 * snapshots received satisfy a condition (a step running, the job ended).
 */
import type { ServerStream } from '../../client/agent-control-client';
import { JobState, StepKind, StepState, type Job, type WatchJobResponse } from '../../gen/mobility/v1/agent_control_pb';
import { Waitable } from './waitable';

const ENDED = new Set([JobState.SUCCEEDED, JobState.WARNING, JobState.FAILED, JobState.CANCELLED, JobState.INTERRUPTED]);

export const jobEnded = (job: Job | undefined) => job !== undefined && ENDED.has(job.state);

export const stepOf = (job: Job | undefined, kind: StepKind) => job?.steps.find((s) => s.kind === kind);

export class JobWatcher extends Waitable {
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
    if (!jobEnded(this.last)) throw new Error(`the watch ended before the job did (last state ${this.last && JobState[this.last.state]})`);
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
      this.error = err as Error;
    }
    this.ended = true;
    this.notify();
  }
}
