/**
 * Moves a job's steps through their states, stamping start and end times.
 * Every change calls `touch`, which the job's runtime coalesces into one
 * notification and one write per turn of the event loop.
 */
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { StepKind, StepState, type Job, type JobStep } from '../../../gen/mobility/v1/agent_control_pb';

const OPEN = new Set([StepState.PENDING, StepState.RUNNING]);

export class StepTracker {
  constructor(
    private readonly job: Job,
    private readonly touch: () => void,
  ) {}

  has(kind: StepKind): boolean {
    return this.find(kind) !== undefined;
  }

  state(kind: StepKind): StepState {
    return this.find(kind)?.state ?? StepState.UNSPECIFIED;
  }

  /** The outermost step in progress, if any (INSTALL_VSS_PROVIDER runs inside INSTALL_AGENT). */
  current(): JobStep | undefined {
    return this.job.steps.find((s) => s.state === StepState.RUNNING);
  }

  start(kind: StepKind, message: string): void {
    const step = this.find(kind);
    if (!step || step.state === StepState.RUNNING) return;
    step.state = StepState.RUNNING;
    step.startTime = timestampNow();
    step.message = message;
    this.touch();
  }

  note(kind: StepKind, message: string): void {
    const step = this.find(kind);
    if (!step || step.message === message) return;
    step.message = message;
    this.touch();
  }

  /** Ends a step. One that never started keeps no start time: it did not run. */
  finish(kind: StepKind, state: StepState, message: string): void {
    const step = this.find(kind);
    if (!step) return;
    step.endTime = timestampNow();
    step.state = state;
    step.message = message;
    this.touch();
  }

  /** Ends every step still open: a running one with `running`, a pending one with `pending`. */
  closeOpen(running: { state: StepState; message: string }, pending: { state: StepState; message: string }): void {
    for (const step of this.job.steps) {
      if (!OPEN.has(step.state)) continue;
      const end = step.state === StepState.RUNNING ? running : pending;
      this.finish(step.kind, end.state, end.message);
    }
  }

  private find(kind: StepKind): JobStep | undefined {
    return this.job.steps.find((s) => s.kind === kind);
  }
}
