/**
 * One running job: the live Job message, its steps, the abort signal that
 * cancels it, and the one way its changes leave the runner. Changes made in
 * the same turn of the event loop are published as one (a step ending and
 * the next one starting are one change for a watcher and one write to disk).
 */
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { ExitStatusSchema, JobState, StepState, type Job } from '../../../gen/mobility/v1/agent_control_pb';
import type { DaemonConfig } from '../config/daemon-config';
import type { LogCatalog } from '../logs/log-catalog';
import type { StatusContext } from '../status/host-status';
import { StepTracker } from './step-tracker';

/** Why a job was stopped before it ended: CancelJob, or the daemon shutting down. */
export type StopReason = 'cancel' | 'shutdown';

/** What a job needs from the daemon to run. */
export interface JobHost {
  config: DaemonConfig;
  catalog: LogCatalog;
  status: StatusContext;
}

/** How a job (or a phase of it) ended. */
export interface Outcome {
  state: JobState;
  message: string;
}

export class JobRun {
  readonly steps: StepTracker;
  private readonly controller = new AbortController();
  private scheduled = false;

  constructor(
    readonly job: Job,
    readonly host: JobHost,
    private readonly publish: () => void,
  ) {
    this.steps = new StepTracker(job, () => this.touch());
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopReason(): StopReason | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as StopReason) : undefined;
  }

  stop(reason: StopReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  touch(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      if (!this.scheduled) return; // end() published already
      this.scheduled = false;
      this.publish();
    });
  }

  begin(message: string): void {
    this.job.state = JobState.RUNNING;
    this.job.startTime = timestampNow();
    this.job.message = message;
    this.touch();
  }

  say(message: string): void {
    this.job.message = message;
    this.touch();
  }

  /** `meaning` and `remedy` come from the catalog of explanations (contract/explanations). */
  recordExit(program: string, code: number, meaning: string, remedy = ''): void {
    this.job.exit = create(ExitStatusSchema, { program, code, meaning, remedy });
    this.touch();
  }

  /** Ends the job; steps still open are closed to match (a job never ends with a step running). */
  end(outcome: Outcome): void {
    const stopped = outcome.state === JobState.CANCELLED || outcome.state === JobState.INTERRUPTED;
    const why = outcome.state === JobState.INTERRUPTED ? 'mobilityd shut down' : stopped ? 'the job was cancelled' : 'an earlier step failed';
    this.steps.closeOpen(
      { state: stopped ? StepState.CANCELLED : StepState.FAILED, message: `stopped: ${why}` },
      { state: stopped ? StepState.CANCELLED : StepState.SKIPPED, message: `not run: ${why}` },
    );
    this.job.state = outcome.state;
    this.job.message = outcome.message;
    this.job.endTime = timestampNow();
    // At once, not on the next microtask: when the runner returns, the end is known.
    this.scheduled = false;
    this.publish();
  }

  /** The outcome of a job stopped through its signal, in words for the job's kind of work. */
  stoppedOutcome(work: string): Outcome {
    if (this.stopReason === 'shutdown') {
      return {
        state: JobState.INTERRUPTED,
        message: `mobilityd shut down while ${work} ran and stopped its processes; run the job again`,
      };
    }
    return { state: JobState.CANCELLED, message: `cancelled on request; ${work} was stopped (its whole process tree ended)` };
  }
}
