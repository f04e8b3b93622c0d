/** GetJob as a report for people: the job, its request (without secrets), the exit status and the steps. */
import { exitExplanationLines } from '../../client/format/exit-explanation';
import { exitStatusText } from '../../client/format/exit-status';
import { elapsedMs, formatElapsed, formatTime, NONE, orNone } from '../../client/format/format-values';
import { jobKindLabel, jobStateLabel, stepKindLabel, stepStateLabel } from '../../client/format/job-labels';
import type { Job } from '../../gen/mobility/v1/agent_control_pb';
import { bold, toned } from '../output/colour';
import { formatTable } from '../output/table';
import { requestRows } from './job-request-view';
import { jobTone } from './job-tones';

export interface JobViewOptions {
  colour: boolean;
  now?: number;
}

export function renderJob(job: Job, options: JobViewOptions): string {
  const section = (title: string, body: string) => `${bold(title, options.colour)}\n${body}`;
  return [
    section('Job', formatTable(jobRows(job, options), { indent: 2 })),
    section('Request', formatTable(requestRows(job), { indent: 2 })),
    section('Steps', stepTable(job, options.now)),
    ...explanationSection(job, section),
  ].join('\n');
}

function jobRows(job: Job, { colour, now }: JobViewOptions): [string, string][] {
  const took = elapsedMs(job.startTime, job.endTime, now);
  const ended = job.endTime ? `${formatTime(job.endTime)} (took ${formatElapsed(took ?? 0)})` : NONE;
  return [
    ['id', job.id],
    ['kind', jobKindLabel(job.kind)],
    ['state', toned(jobStateLabel(job.state), jobTone(job.state), colour)],
    ['message', orNone(job.message)],
    ['request id', orNone(job.requestId)],
    ['created', formatTime(job.createTime)],
    ['started', formatTime(job.startTime)],
    ['ended', ended],
    ['exit status', exitStatusText(job.exit)],
    ['agent version', orNone(job.agentVersion)],
  ];
}

/** A failed job's report ends with what its exit code means and what to do (nothing for a success). */
function explanationSection(job: Job, section: (title: string, body: string) => string): string[] {
  const lines = exitExplanationLines(job);
  return lines.length ? [section('Exit code explained', formatTable(lines, { indent: 2 }))] : [];
}

function stepTable(job: Job, now?: number): string {
  if (job.steps.length === 0) return '  (none reported)\n';
  const rows = job.steps.map((step) => {
    const took = elapsedMs(step.startTime, step.endTime, now);
    return [
      stepKindLabel(step.kind),
      stepStateLabel(step.state),
      formatTime(step.startTime),
      took === undefined ? NONE : formatElapsed(took),
      orNone(step.message),
    ];
  });
  return formatTable([['STEP', 'STATE', 'STARTED', 'TOOK', 'MESSAGE'], ...rows], { indent: 2 });
}
