/** Show Status: one host's status, recent jobs and logs as a Markdown document people read. */
import { exitStatusText } from '../../../client/format/exit-status';
import { formatBytes, formatPercent, formatTime } from '../../../client/format/format-values';
import { jobKindLabel, jobStateLabel, stepKindLabel, stepStateLabel } from '../../../client/format/job-labels';
import type { ListPackagesResponse } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostEntry } from './host-settings';
import type { HostSnapshot } from './host-snapshot';
import { stateWords } from './host-state';
import { cell, escapeMarkdown } from './markdown';
import { hostDescription, statusPairs } from './tree-model';

export function statusMarkdown(host: HostEntry, snapshot: HostSnapshot, packages?: ListPackagesResponse | string): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(host.name)} — ${stateWords(snapshot)}`, '');
  out.push(`${escapeMarkdown(hostDescription(snapshot))} · \`${host.address}\``, '');
  out.push('## Status', '', '| | |', '|---|---|');
  for (const [key, value] of statusPairs(host, snapshot)) out.push(`| ${cell(key)} | ${cell(value)} |`);
  out.push('');
  if (snapshot.kind !== 'ok') return out.join('\n');

  const { status, jobs } = snapshot;
  out.push('## Processes', '', '| name | running | pids | memory |', '|---|---|---|---|');
  for (const p of status.processes) {
    out.push(`| ${cell(p.name)} | ${p.running ? 'yes' : 'no'} | ${p.pids.join(', ') || '-'} | ${p.running ? formatPercent(p.memoryPercent) : '-'} |`);
  }
  out.push('', '## Logs', '', '| name | present | size | modified | path |', '|---|---|---|---|---|');
  for (const log of status.logs) {
    out.push(
      `| ${cell(log.name)} | ${log.present ? 'yes' : 'no'} | ${log.present ? formatBytes(log.sizeBytes) : '-'} | ${log.present ? formatTime(log.modifiedTime) : '-'} | ${cell(log.path)} |`,
    );
  }
  out.push('', '## Recent jobs', '');
  if (snapshot.jobsError) out.push(`Cannot list jobs: ${escapeMarkdown(snapshot.jobsError)}`, '');
  else if (jobs.length === 0) out.push('None yet.', '');
  for (const job of jobs) {
    out.push(`### ${jobKindLabel(job.kind)} ${escapeMarkdown(job.id)} — ${jobStateLabel(job.state)}`, '');
    if (job.message) out.push(escapeMarkdown(job.message), '');
    out.push(`- created ${formatTime(job.createTime)}, ended ${formatTime(job.endTime)}`);
    out.push(`- exit status: ${escapeMarkdown(exitStatusText(job.exit))}`);
    if (job.agentVersion) out.push(`- agent version: ${escapeMarkdown(job.agentVersion)}`);
    out.push('');
    if (job.steps.length) {
      out.push('| step | state | message |', '|---|---|---|');
      for (const step of job.steps) out.push(`| ${stepKindLabel(step.kind)} | ${stepStateLabel(step.state)} | ${cell(step.message || '')} |`);
      out.push('');
    }
  }
  if (packages !== undefined) {
    out.push('## Packages', '');
    if (typeof packages === 'string') out.push(`Cannot list packages: ${escapeMarkdown(packages)}`, '');
    else {
      out.push(`Repository: \`${packages.repositoryPath}\``, '');
      if (packages.packages.length === 0) out.push('None: push one with Install Mobility Service… → Push a local installer file….', '');
      else {
        out.push('| name | version | OS | size | matches host |', '|---|---|---|---|---|');
        for (const p of packages.packages) {
          const chosen = p.name === packages.selectedPackage ? ' (Install uses it)' : '';
          out.push(`| ${cell(p.name)}${chosen} | ${cell(p.version)} | ${cell(p.osTag)} | ${formatBytes(p.sizeBytes)} | ${p.matchesHost ? 'yes' : 'no'} |`);
        }
        out.push('');
      }
    }
  }
  return out.join('\n');
}
