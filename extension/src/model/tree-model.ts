/**
 * Everything a tree row shows, computed without VS Code: label, description,
 * icon and colour ids, tooltip (Markdown and the same text plain, which is the
 * row's accessible name), contextValue and collapsibility. The tree provider
 * only turns these into vscode.TreeItems.
 */
import { exitStatusText } from '../../../client/format/exit-status';
import { elapsedMs, formatBytes, formatElapsed, formatPercent, formatTime } from '../../../client/format/format-values';
import { jobKindLabel, jobOutcomePhrase, jobStateLabel, stepKindLabel, stepStateLabel } from '../../../client/format/job-labels';
import { osName, platformLabel, registrationLabel, roleLabel, supportText } from '../../../client/format/status-labels';
import { activeJob } from '../../../client/jobs/job-state';
import { stepEnded } from '../../../client/jobs/step-changes';
import { JobState, StepState, type GetStatusResponse, type Job, type JobStep } from '../../../gen/mobility/v1/agent_control_pb';
import type { HostEntry } from './host-settings';
import type { HostSnapshot } from './host-snapshot';
import { tlsSummary } from './host-tls';
import { hostContextValue, insecureReason, roleShort, stateIcon, stateWords, type IconModel } from './host-state';
import { exitSuffix, explanationLines } from './job-report';
import { escapeMarkdown } from './markdown';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface RowModel {
  /** Stable across refreshes, so expansion and selection survive them. */
  id: string;
  label: string;
  description?: string;
  icon?: IconModel;
  /** Markdown, and the same text plain (the accessible name). */
  tooltip?: { markdown: string; plain: string };
  contextValue?: string;
  collapsible: Collapsible;
  /** A command run when the row is clicked; it receives the row's node. */
  command?: { id: string; title: string };
}

/** One line of a tooltip: a label and a value (plain text; escaped for Markdown). */
type Line = [label: string, value: string];

function tooltip(heading: string, lines: Line[]): { markdown: string; plain: string } {
  const markdown = [`**${escapeMarkdown(heading)}**`, ...lines.map(([k, v]) => `${escapeMarkdown(k)}: ${escapeMarkdown(v)}`)].join('\n\n');
  const plain = [heading, ...lines.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return { markdown, plain };
}

const hostId = (host: HostEntry) => `host/${host.name}`;

// ------------------------------------------------------------------ host rows

export function hostRow(host: HostEntry, snapshot: HostSnapshot): RowModel {
  return {
    id: hostId(host),
    label: host.name,
    description: hostDescription(snapshot),
    icon: stateIcon(snapshot),
    tooltip: tooltip(`${host.name} — ${stateWords(snapshot)}`, hostLines(host, snapshot)),
    contextValue: hostContextValue(snapshot),
    collapsible: 'collapsed',
  };
}

/** "agent 9.40.0.0 · MS", "agent not installed", or why the host cannot be reached. */
export function hostDescription(snapshot: HostSnapshot): string {
  switch (snapshot.kind) {
    case 'loading':
      return 'checking…';
    case 'unreachable':
      return snapshot.reason;
    case 'refused':
    case 'misconfigured':
      return snapshot.message;
    case 'authFailed':
      // "token web was revoked", "no credentials": the how-to that follows is in the tooltip.
      return snapshot.message.split(/[:;]/, 1)[0];
    case 'untrusted':
      return `certificate ${snapshot.presented ? `${shortFingerprint(snapshot.presented)} ` : ''}not trusted`;
    case 'certificateChanged':
      return `certificate changed${snapshot.presented ? ` to ${shortFingerprint(snapshot.presented)}` : ''}: refused`;
    case 'ok': {
      const agent = snapshot.status.agent;
      const parts: string[] = insecureReason(snapshot) === undefined ? [] : ['insecure'];
      parts.push(agent?.installed ? `agent ${agent.version || 'version unknown'} · ${roleShort(agent.role)}` : 'agent not installed');
      const job = activeJob(snapshot.jobs);
      if (job) {
        const step = job.steps.find((s) => s.state === StepState.RUNNING);
        parts.push(step ? `${jobKindLabel(job.kind)}: ${stepKindLabel(step.kind)}` : `${jobKindLabel(job.kind)} ${jobStateLabel(job.state)}`);
      }
      return parts.join(' · ');
    }
  }
}

/** "sha256:0a1b2c3d…" — enough to tell certificates apart in a row; tooltips and prompts show all of it. */
export function shortFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 'sha256:'.length + 8)}…`;
}

/** The client's messages name mobilityctl's flags; "tls" in mobility.hosts mirrors them. */
const FLAGS_IN_SETTINGS: Line = [
  'In mobility.hosts',
  '"tls" of this host: --tls = true, --tls-ca FILE = { "ca": FILE }, --tls-fingerprint = { "fingerprint": ... }, --tls-cert/--tls-key = { "cert", "key" }',
];

/** Why a host did not answer as it should, as tooltip lines; undefined for an answer. */
function troubleLines(snapshot: HostSnapshot): Line[] | undefined {
  switch (snapshot.kind) {
    case 'loading':
      return [['Status', 'asking mobilityd…']];
    case 'unreachable':
      return [['Unreachable', snapshot.reason]];
    case 'refused':
      return [['mobilityd answered with an error', snapshot.message]];
    case 'authFailed':
      return [['Authentication failed', snapshot.message], ['To fix', 'Set Host Token… with a token this mobilityd accepts (mobilityd token create)']];
    case 'untrusted':
      return [
        ['Certificate not trusted', snapshot.message],
        ...(snapshot.presented ? [['Presented', snapshot.presented] as Line] : []),
        ['To fix', 'Trust Certificate… shows it (for "tls": true); compare its fingerprint with the one mobilityd printed'],
        FLAGS_IN_SETTINGS,
      ];
    case 'certificateChanged':
      return [
        ['CERTIFICATE CHANGED', 'refused: the daemon presents another certificate than the one trusted'],
        ['Presented', snapshot.presented ?? 'unknown'],
        ['Trusted', snapshot.pinned],
      ];
    case 'misconfigured':
      return [['Connection settings problem', snapshot.message], FLAGS_IN_SETTINGS];
    case 'ok':
      return undefined;
  }
}

function hostLines(host: HostEntry, snapshot: HostSnapshot): Line[] {
  const lines: Line[] = [['Address', host.address], ['Connection', tlsSummary(host.tls)]];
  if (host.inventory) {
    const { groups, file, tokenFile } = host.inventory;
    lines.push(['Inventory', `${file}, ${groups.length ? `groups ${groups.join(', ')}` : 'in no group'}${tokenFile ? `, token file ${tokenFile}` : ''}`]);
  }
  const trouble = troubleLines(snapshot);
  // No "checked at" time here: the row would change at every refresh, and its repaint closes the
  // tooltip under the mouse. The Status part shows when the host was last asked.
  if (trouble) return [...lines, ...trouble];
  if (snapshot.kind !== 'ok') return lines;
  const { status, jobs } = snapshot;
  const insecure = insecureReason(snapshot);
  if (insecure !== undefined) lines.push(['INSECURE', insecure]);
  const os = status.os;
  const agent = status.agent;
  lines.push(['OS', osText(status)]);
  lines.push(['Support', os ? supportText(os) : 'unknown']);
  if (agent?.installed) {
    lines.push(['Agent', `${agent.version || 'version unknown'} · ${roleLabel(agent.role)} · ${platformLabel(agent.platform)}`]);
    lines.push(['Registration', registrationLabel(agent)]);
    lines.push(['CS endpoint', agent.csEndpoint || 'none']);
    lines.push(['Agent memory', `${formatPercent(agent.memoryPercent)} of host memory (expected 6–10 %)`]);
  } else {
    lines.push(['Agent', 'not installed']);
    lines.push(['CS endpoint', 'none']);
  }
  lines.push(['Last job', jobs[0] ? lastJobText(jobs[0]) : snapshot.jobsError ? `unknown (${snapshot.jobsError})` : 'none']);
  lines.push(['mobilityd', `${status.daemon?.version ?? 'unknown'} · ${daemonSecurityText(status)}`]);
  return lines;
}

/** What the daemon says of its own security: "TLS, tokens", "no TLS, no credentials (loopback only)". */
export function daemonSecurityText(status: GetStatusResponse): string {
  const security = status.daemon?.security;
  if (!security) return 'security unknown';
  const credentials = [security.tokens && 'tokens', security.clientCertificates && 'client certificates'].filter(Boolean).join(' and ');
  return `${security.tls ? 'TLS' : 'no TLS'}, ${credentials || 'no credentials'}${security.insecure ? ' (INSECURE)' : ''}`;
}

function osText(status: GetStatusResponse): string {
  const os = status.os;
  const name = osName(os) || 'unknown OS';
  const sample = os?.sampleHost ? ' (sample host)' : '';
  const tag = os?.installerOsTag ? `, installer tag ${os.installerOsTag}` : ', no installer tag';
  return `${name}${sample}${tag}`;
}

/** "install 0mww… succeeded: agent 9.40.0.0 installed (install exited 0: success)". */
export function lastJobText(job: Job): string {
  const message = job.message ? `: ${job.message}` : '';
  return `${jobKindLabel(job.kind)} ${job.id} ${jobOutcomePhrase(job.state)}${message}${exitSuffix(job)}`;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ----------------------------------------------------------------- host parts

export type HostPart = 'status' | 'jobs' | 'logs';

export function partRow(host: HostEntry, part: HostPart, snapshot: HostSnapshot): RowModel {
  const id = `${hostId(host)}/${part}`;
  if (part === 'status') {
    return { id, label: 'Status', icon: { id: 'info' }, contextValue: 'status', collapsible: 'collapsed' };
  }
  if (part === 'jobs') {
    const count = snapshot.kind === 'ok' ? snapshot.jobs.length : 0;
    const running = snapshot.kind === 'ok' && activeJob(snapshot.jobs) ? ' · one running' : '';
    return {
      id,
      label: 'Jobs',
      description: snapshot.kind === 'ok' ? `${count} recent${running}` : undefined,
      icon: { id: 'history' },
      contextValue: 'jobs',
      collapsible: 'collapsed',
    };
  }
  return { id, label: 'Logs', icon: { id: 'output' }, contextValue: 'logs', collapsible: 'collapsed' };
}

/** Key/value rows of the Status part. */
export function statusRows(host: HostEntry, snapshot: HostSnapshot): RowModel[] {
  const rows = statusPairs(host, snapshot);
  return rows.map(([key, value], index) => ({
    id: `${hostId(host)}/status/${index}`,
    label: key,
    description: value,
    tooltip: { markdown: `${escapeMarkdown(key)}: ${escapeMarkdown(value)}`, plain: `${key}: ${value}` },
    contextValue: 'statusValue',
    collapsible: 'none',
  }));
}

export function statusPairs(host: HostEntry, snapshot: HostSnapshot): Line[] {
  if (snapshot.kind === 'loading') return [['status', 'asking mobilityd…']];
  if (snapshot.kind === 'refused') return [['address', host.address], ['error', snapshot.message], ['checked', clock(snapshot.observedAt)]];
  if (snapshot.kind !== 'ok') {
    const [label, value] = troubleLines(snapshot)![0];
    return [['address', host.address], [label.toLowerCase(), value], ['checked', clock(snapshot.observedAt)]];
  }
  const { status } = snapshot;
  const os = status.os;
  const agent = status.agent;
  const pairs: Line[] = [
    ['address', host.address],
    ['host name', status.host?.hostname || 'unknown'],
    ['memory', status.host?.memoryTotalBytes ? formatBytes(status.host.memoryTotalBytes) : 'unknown'],
    ['OS', osText(status).replace(/, (no )?installer tag.*$/, '')],
    ['architecture', os?.architecture ? `${os.architecture}, ${os.is64Bit ? '64-bit' : '32-bit'}` : 'unknown'],
    ['installer OS tag', os?.installerOsTag || 'none'],
    ['support', os ? supportText(os) : 'unknown'],
    ['agent', agent?.installed ? `installed, version ${agent.version || 'unknown'}` : 'not installed'],
  ];
  if (agent?.installed) {
    pairs.push(
      ['role', roleLabel(agent.role)],
      ['platform', platformLabel(agent.platform)],
      ['location', agent.installLocation || 'unknown'],
      ['registration', registrationLabel(agent)],
      ['CS endpoint', agent.csEndpoint || 'none'],
      ['agent memory', `${formatPercent(agent.memoryPercent)} of host memory`],
    );
    if (agent.installTime) pairs.push(['installed on', formatTime(agent.installTime)]);
  }
  for (const p of status.processes) {
    pairs.push([`process ${p.name}`, p.running ? `running (pid ${p.pids.join(', ')}, ${formatPercent(p.memoryPercent)})` : 'not running']);
  }
  pairs.push(['mobilityd', `${status.daemon?.version ?? 'unknown'} (pid ${status.daemon?.pid ?? '?'})`]);
  pairs.push(['security', daemonSecurityText(status)]);
  const insecure = insecureReason(snapshot);
  if (insecure !== undefined) pairs.push(['insecure', insecure]);
  pairs.push(['checked', clock(snapshot.observedAt)]);
  return pairs;
}

// ----------------------------------------------------------------------- jobs

const JOB_ICONS: Record<JobState, IconModel> = {
  [JobState.UNSPECIFIED]: { id: 'question' },
  [JobState.QUEUED]: { id: 'clock' },
  [JobState.RUNNING]: { id: 'sync~spin' },
  [JobState.SUCCEEDED]: { id: 'pass', color: 'testing.iconPassed' },
  [JobState.WARNING]: { id: 'warning', color: 'list.warningForeground' },
  [JobState.FAILED]: { id: 'error', color: 'list.errorForeground' },
  [JobState.CANCELLED]: { id: 'circle-slash' },
  [JobState.INTERRUPTED]: { id: 'debug-disconnect', color: 'list.errorForeground' },
};

/** job.running, job.queued, or job.ended: Cancel Job shows on the first two. */
export function jobContextValue(job: Job): string {
  if (job.state === JobState.RUNNING) return 'job.running';
  if (job.state === JobState.QUEUED) return 'job.queued';
  return 'job.ended';
}

export function jobRows(host: HostEntry, snapshot: HostSnapshot): RowModel[] {
  if (snapshot.kind !== 'ok') return [messageRow(`${hostId(host)}/jobs/none`, 'no jobs known (the host did not answer)')];
  if (snapshot.jobsError) return [messageRow(`${hostId(host)}/jobs/error`, `cannot list jobs: ${snapshot.jobsError}`)];
  if (snapshot.jobs.length === 0) return [messageRow(`${hostId(host)}/jobs/none`, 'no jobs yet')];
  return snapshot.jobs.map((job) => jobRow(host, job));
}

export function jobRow(host: HostEntry, job: Job): RowModel {
  const took = elapsedMs(job.startTime, job.endTime);
  const when = job.createTime ? formatTime(job.createTime) : '';
  const lines: Line[] = [
    ['Job', job.id],
    ['State', jobStateLabel(job.state)],
    ['Message', job.message || 'none'],
    ['Exit status', exitStatusText(job.exit)],
    ...explanationLines(job),
    ['Created', when || 'unknown'],
  ];
  if (job.agentVersion) lines.push(['Agent version', job.agentVersion]);
  return {
    id: `${hostId(host)}/jobs/${job.id}`,
    label: `${jobKindLabel(job.kind)} — ${jobStateLabel(job.state)}`,
    description: [when, took !== undefined && job.endTime ? formatElapsed(took) : '', job.message].filter(Boolean).join(' · '),
    icon: JOB_ICONS[job.state] ?? JOB_ICONS[JobState.UNSPECIFIED],
    tooltip: tooltip(`${jobKindLabel(job.kind)} job ${job.id} ${jobOutcomePhrase(job.state)}`, lines),
    contextValue: jobContextValue(job),
    collapsible: job.steps.length ? 'collapsed' : 'none',
  };
}

const STEP_ICONS: Record<StepState, IconModel> = {
  [StepState.UNSPECIFIED]: { id: 'question' },
  [StepState.PENDING]: { id: 'circle-outline' },
  [StepState.RUNNING]: { id: 'sync~spin' },
  [StepState.SUCCEEDED]: { id: 'pass', color: 'testing.iconPassed' },
  [StepState.WARNING]: { id: 'warning', color: 'list.warningForeground' },
  [StepState.FAILED]: { id: 'error', color: 'list.errorForeground' },
  [StepState.SKIPPED]: { id: 'debug-step-over' },
  [StepState.CANCELLED]: { id: 'circle-slash' },
};

export function stepRows(host: HostEntry, job: Job): RowModel[] {
  return job.steps.map((step, index) => stepRow(`${hostId(host)}/jobs/${job.id}/${index}`, step));
}

function stepRow(id: string, step: JobStep): RowModel {
  const took = stepEnded(step) ? elapsedMs(step.startTime, step.endTime) : undefined;
  const description = [stepStateLabel(step.state), took !== undefined ? formatElapsed(took) : '', step.message].filter(Boolean).join(' · ');
  return {
    id,
    label: stepKindLabel(step.kind),
    description,
    icon: STEP_ICONS[step.state] ?? STEP_ICONS[StepState.UNSPECIFIED],
    tooltip: tooltip(`${stepKindLabel(step.kind)}: ${stepStateLabel(step.state)}`, step.message ? [['Message', step.message]] : []),
    contextValue: 'step',
    collapsible: 'none',
  };
}

// ----------------------------------------------------------------------- logs

export type LogName = 'installer' | 'configurator';

export const LOG_LABELS: Record<LogName, string> = { installer: 'Installer log', configurator: 'Configurator log' };
export const LOG_COMMANDS: Record<LogName, string> = {
  installer: 'mobility.tailInstallerLog',
  configurator: 'mobility.tailConfiguratorLog',
};

export function logRows(host: HostEntry, snapshot: HostSnapshot): RowModel[] {
  return (['installer', 'configurator'] as const).map((name) => {
    const file = snapshot.kind === 'ok' ? snapshot.status.logs.find((l) => l.name === name) : undefined;
    const description = !file ? undefined : file.present ? `${formatBytes(file.sizeBytes)} · ${formatTime(file.modifiedTime)}` : 'not written yet';
    return {
      id: `${hostId(host)}/logs/${name}`,
      label: LOG_LABELS[name],
      description,
      icon: { id: 'list-flat' },
      tooltip: file ? tooltip(`${LOG_LABELS[name]} of ${host.name}`, [['Path', file.path], ['About', file.description || 'none']]) : undefined,
      contextValue: `log.${name}`,
      collapsible: 'none',
      command: { id: LOG_COMMANDS[name], title: `Tail ${LOG_LABELS[name]}` },
    };
  });
}

function messageRow(id: string, text: string): RowModel {
  return { id, label: text, contextValue: 'message', collapsible: 'none' };
}
