/**
 * A job an admission decided to start (install/install-admission.ts,
 * register/register-admission.ts): the request as the job keeps it (its
 * secrets removed), its steps, and the work that runs it.
 */
import type { StepKind } from '../../../gen/mobility/v1/agent_control_pb';
import type { JobRequest } from './job-record';
import type { JobRun } from './job-run';

export interface AdmittedJob {
  request: JobRequest;
  steps: StepKind[];
  work: (run: JobRun) => Promise<void>;
}
