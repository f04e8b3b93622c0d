/** GetStatus as a report for people: key/value sections, then the process and log tables. */
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { formatBytes, formatDuration, formatPercent, formatTime, NONE, orNone } from '../../client/format/format-values';
import { osName, platformLabel, registrationLabel, roleLabel, securityLabel, supportText } from '../../client/format/status-labels';
import type { AgentInfo, GetStatusResponse, OsInfo } from '../../gen/mobility/v1/agent_control_pb';
import { bold, toned } from './colour';
import { formatTable } from './table';

export interface StatusViewOptions {
  /** The address the status was read from. */
  host: string;
  colour: boolean;
}

type Row = [string, string];

export function renderStatus(status: GetStatusResponse, options: StatusViewOptions): string {
  const section = (title: string, body: string) => `${bold(title, options.colour)}\n${body}`;
  return [
    ...insecureBanner(status, options.colour),
    section('Daemon', keyValues(daemonRows(status, options.host))),
    section('Host', keyValues(hostRows(status))),
    section('Agent', keyValues(agentRows(status.agent))),
    section('Processes', processTable(status)),
    section('Logs', logTable(status)),
  ].join('\n');
}

function keyValues(rows: Row[]): string {
  return formatTable(rows, { indent: 2 });
}

function daemonRows(status: GetStatusResponse, host: string): Row[] {
  const d = status.daemon;
  const observed = status.observedTime ? timestampDate(status.observedTime).getTime() : Date.now();
  const started = d?.startTime ? timestampDate(d.startTime).getTime() : undefined;
  const uptime = started === undefined ? NONE : `${formatDuration(observed - started)} (since ${formatTime(d?.startTime)})`;
  return [
    ['address', host],
    ['version', orNone(d?.version)],
    ['listening on', orNone(d?.listenAddresses.join(', '))],
    ['uptime', uptime],
    ['pid', d?.pid ? String(d.pid) : NONE],
    ['root', orNone(d?.root)],
    ['security', securityLabel(d?.security)],
  ];
}

/** An insecure daemon is the first thing the report says, in red at a terminal. */
function insecureBanner(status: GetStatusResponse, colour: boolean): string[] {
  const security = status.daemon?.security;
  if (!security?.insecure) return [];
  return [`${toned(bold(securityLabel(security), colour), 'bad', colour)}\n`];
}

function hostRows(status: GetStatusResponse): Row[] {
  const os = status.os;
  const memory = status.host?.memoryTotalBytes ? formatBytes(status.host.memoryTotalBytes) : NONE;
  return [
    ['name', orNone(status.host?.hostname)],
    ['memory', memory],
    ['OS', osText(os)],
    ['architecture', architecture(os)],
    ['installer OS tag', orNone(os?.installerOsTag)],
    ['support', os ? supportText(os) : NONE],
    ['identified from', orNone(os?.source)],
  ];
}

function osText(os: OsInfo | undefined): string {
  const name = osName(os);
  if (!name) return NONE;
  return os?.sampleHost ? `${name} (sample host)` : name;
}

function architecture(os: OsInfo | undefined): string {
  if (!os?.architecture) return NONE;
  return `${os.architecture}, ${os.is64Bit ? '64-bit' : '32-bit (the agent supports only 64-bit systems)'}`;
}

function agentRows(agent: AgentInfo | undefined): Row[] {
  const source: Row[] = agent?.source ? [['source', agent.source]] : [];
  if (!agent?.installed) return [['installed', 'no (not installed)'], ...source];
  return [
    ['installed', agent.installTime ? `yes, on ${formatTime(agent.installTime)}` : 'yes'],
    ['version', orNone(agent.version)],
    ['role', roleLabel(agent.role)],
    ['platform', platformLabel(agent.platform)],
    ['location', orNone(agent.installLocation)],
    ['registration', registrationLabel(agent)],
    ['memory share', `${formatPercent(agent.memoryPercent)} of host memory`],
    ...source,
  ];
}

function processTable(status: GetStatusResponse): string {
  if (status.processes.length === 0) return '  (none reported)\n';
  const rows = status.processes.map((p) => [
    p.name,
    p.running ? 'yes' : 'no',
    p.pids.length ? p.pids.join(',') : NONE,
    p.running ? formatPercent(p.memoryPercent) : NONE,
  ]);
  return formatTable([['NAME', 'RUNNING', 'PIDS', 'MEMORY'], ...rows], { indent: 2 });
}

function logTable(status: GetStatusResponse): string {
  if (status.logs.length === 0) return '  (none in the catalog)\n';
  const rows = status.logs.map((log) => [
    log.name,
    log.present ? 'yes' : 'no',
    log.present ? formatBytes(log.sizeBytes) : NONE,
    log.present ? formatTime(log.modifiedTime) : NONE,
    log.path,
  ]);
  return formatTable([['NAME', 'PRESENT', 'SIZE', 'MODIFIED', 'PATH'], ...rows], { indent: 2 });
}
