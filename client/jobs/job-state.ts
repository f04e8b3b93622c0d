/** Where a job is in its life, as every client asks it. */
import { JobState, type Job } from '../../gen/mobility/v1/agent_control_pb';

/** True once a job can change no more. */
export function jobEnded(job: Job): boolean {
  return job.state !== JobState.QUEUED && job.state !== JobState.RUNNING && job.state !== JobState.UNSPECIFIED;
}

/** Queued or running: the host's one agent operation at a time. */
export function jobActive(job: Job): boolean {
  return job.state === JobState.QUEUED || job.state === JobState.RUNNING;
}

/** The job that is queued or running, if any (the daemon runs one agent operation at a time). */
export function activeJob(jobs: readonly Job[]): Job | undefined {
  return jobs.find(jobActive);
}

/** Succeeded, or ended with a warning: either way the agent works. Every other end is a failure. */
export function jobSucceeded(job: Job): boolean {
  return job.state === JobState.SUCCEEDED || job.state === JobState.WARNING;
}
