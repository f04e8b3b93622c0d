/** ListJobs for people: one row per job, newest first, as the daemon pages them. */
import { elapsedMs, formatElapsed, formatTime, NONE, orNone } from '../../client/format/format-values';
import { jobKindLabel, jobStateLabel } from '../../client/format/job-labels';
import type { ListJobsResponse } from '../../gen/mobility/v1/agent_control_pb';
import { formatTable } from '../output/table';

export interface JobListOptions {
  host: string;
  /** The next-page command's flags other than --page-token, e.g. " --limit 5 --host h". */
  nextFlags: string;
  now?: number;
}

export function renderJobList(page: ListJobsResponse, { host, nextFlags, now }: JobListOptions): string {
  if (page.jobs.length === 0) return `No jobs on ${host}.\n`;
  const rows = page.jobs.map((job) => {
    const took = elapsedMs(job.startTime, job.endTime, now);
    return [
      job.id,
      jobKindLabel(job.kind),
      jobStateLabel(job.state),
      formatTime(job.createTime),
      took === undefined ? NONE : formatElapsed(took),
      orNone(job.message),
    ];
  });
  let text = formatTable([['ID', 'KIND', 'STATE', 'CREATED', 'DURATION', 'MESSAGE'], ...rows]);
  if (page.nextPageToken) text += `\nMore jobs: mobilityctl jobs --page-token ${page.nextPageToken}${nextFlags}\n`;
  return text;
}
