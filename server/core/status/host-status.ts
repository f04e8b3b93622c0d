/**
 * Assembles GetStatus from the host at call time: the OS and its installer
 * tag, the agent's install and registration, its processes and their memory
 * share, and the catalog's logs. Nothing is remembered between calls except
 * what is re-validated on every call (see ParsedFileCache, LinuxProcessTable).
 */
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import * as os from 'node:os';
import {
  AgentProcessSchema,
  GetStatusResponseSchema,
  type AgentInfo,
  type GetStatusResponse,
  type OsInfo,
} from '../../../gen/mobility/v1/agent_control_pb';
import { probeLinuxAgent, probeWindowsAgent } from '../agent/agent-probe';
import type { DaemonConfig } from '../config/daemon-config';
import type { LogCatalog } from '../logs/log-catalog';
import { detectLinuxOs } from '../os/detect-os';
import { RegExeRegistryReader } from '../os/reg-exe-reader';
import { detectWindowsOs, type RegistryReader } from '../os/windows-os';
import { readMemTotalBytes } from '../processes/meminfo';
import { getPageSize } from '../processes/page-size';
import { LinuxProcessTable, type ProcessGroup } from '../processes/process-table';
import { sampleWindowsServices, ScExeServiceQuery, type ServiceQuery } from '../processes/windows-services';
import { readLogFiles } from './log-files';

export interface DaemonIdentity {
  version: string;
  startTime: Date;
  pid: number;
  /** Bound addresses, known only once the server listens. */
  listenAddresses: () => string[];
}

/** How a Windows host is read; tests pass in-memory adapters. */
export interface WindowsAdapters {
  registry: RegistryReader;
  services: ServiceQuery;
}

export interface StatusContext {
  config: DaemonConfig;
  catalog: LogCatalog;
  daemon: DaemonIdentity;
  /** Windows only; the reg.exe / sc.exe adapters when absent. */
  windows?: WindowsAdapters;
}

/** What differs between the OS families; the rest of the status is common. */
interface HostReading {
  os: OsInfo;
  agent: AgentInfo;
  processes: ProcessGroup[];
  memoryTotalBytes: number;
}

let defaultWindowsAdapters: WindowsAdapters | undefined;

/** Per-daemon process tables: each remembers agent pids between calls. */
const processTables = new WeakMap<StatusContext, LinuxProcessTable>();

export async function readHostStatus(ctx: StatusContext): Promise<GetStatusResponse> {
  const observed = new Date();
  const reading = ctx.config.platform === 'windows' ? await readWindowsHost(ctx) : await readLinuxHost(ctx);
  const percentOf = (bytes: number) => (reading.memoryTotalBytes > 0 ? (bytes / reading.memoryTotalBytes) * 100 : 0);
  const agentRss = reading.processes.reduce((sum, p) => sum + p.rssBytes, 0);
  reading.agent.memoryPercent = percentOf(agentRss);
  return create(GetStatusResponseSchema, {
    daemon: {
      version: ctx.daemon.version,
      startTime: timestampFromDate(ctx.daemon.startTime),
      listenAddresses: ctx.daemon.listenAddresses(),
      root: ctx.config.root,
      pid: ctx.daemon.pid,
    },
    host: { hostname: os.hostname(), memoryTotalBytes: BigInt(reading.memoryTotalBytes) },
    os: reading.os,
    agent: reading.agent,
    processes: reading.processes.map((p) =>
      create(AgentProcessSchema, {
        name: p.name,
        running: p.pids.length > 0,
        pids: p.pids,
        rssBytes: BigInt(p.rssBytes),
        memoryPercent: percentOf(p.rssBytes),
      }),
    ),
    logs: readLogFiles(ctx.catalog),
    observedTime: timestampFromDate(observed),
  });
}

async function readLinuxHost(ctx: StatusContext): Promise<HostReading> {
  const pageSize = await getPageSize();
  const processes = await processTable(ctx).sample(pageSize);
  return {
    os: detectLinuxOs(ctx.config, os.machine()),
    agent: probeLinuxAgent(ctx.config),
    processes,
    memoryTotalBytes: readMemTotalBytes(ctx.config.procRoot),
  };
}

async function readWindowsHost(ctx: StatusContext): Promise<HostReading> {
  const adapters = ctx.windows ?? (defaultWindowsAdapters ??= { registry: new RegExeRegistryReader(), services: new ScExeServiceQuery() });
  const [osInfo, agent, processes] = await Promise.all([
    detectWindowsOs(adapters.registry, os.machine()),
    probeWindowsAgent(adapters.registry),
    sampleWindowsServices(adapters.services),
  ]);
  return { os: osInfo, agent, processes, memoryTotalBytes: os.totalmem() };
}

function processTable(ctx: StatusContext): LinuxProcessTable {
  let table = processTables.get(ctx);
  if (!table) processTables.set(ctx, (table = new LinuxProcessTable(ctx.config.procRoot)));
  return table;
}
