/**
 * The Job message as mobilityd keeps it: created QUEUED with its steps
 * PENDING, changed in place by the job's runner, handed out only as copies
 * (a caller serialising a job must never see it change under its feet).
 */
import { clone, create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import {
  JobKind,
  JobSchema,
  JobState,
  JobStepSchema,
  StepKind,
  StepState,
  type InstallRequest,
  type Job,
  type RegisterRequest,
  type UninstallRequest,
} from '../../../gen/mobility/v1/agent_control_pb';

export type JobRequest =
  | { case: 'install'; value: InstallRequest }
  | { case: 'register'; value: RegisterRequest }
  | { case: 'uninstall'; value: UninstallRequest };

const KINDS: Record<JobRequest['case'], JobKind> = {
  install: JobKind.INSTALL,
  register: JobKind.REGISTER,
  uninstall: JobKind.UNINSTALL,
};

const ENDED = new Set([
  JobState.SUCCEEDED,
  JobState.WARNING,
  JobState.FAILED,
  JobState.CANCELLED,
  JobState.INTERRUPTED,
]);

export function isEnded(job: Job): boolean {
  return ENDED.has(job.state);
}

/** A new job, not started. `request` must already have its secrets removed. */
export function newJob(id: string, request: JobRequest, steps: StepKind[], requestId: string): Job {
  return create(JobSchema, {
    id,
    kind: KINDS[request.case],
    state: JobState.QUEUED,
    requestId,
    request,
    steps: steps.map((kind) => create(JobStepSchema, { kind, state: StepState.PENDING })),
    message: 'queued',
    createTime: timestampNow(),
  });
}

export function snapshot(job: Job): Job {
  return clone(JobSchema, job);
}

export function kindName(kind: JobKind): string {
  if (kind === JobKind.UNINSTALL) return 'uninstall';
  return kind === JobKind.REGISTER ? 'register' : 'install';
}
