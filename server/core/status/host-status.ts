/**
 * Assembles GetStatus from the host at call time: the OS and its installer
 * tag, the agent's install and registration, its processes and their memory
 * share, and the catalog's logs. What is remembered between calls is
 * re-validated on every call (files by their stat: ParsedFileCache; known agent
 * processes by re-reading them: LinuxProcessTable). Two things may be up to a
 * second old, by design: a newly started agent process (found by the next
 * full /proc scan) and MemTotal (which changes only on memory hot-plug).
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import * as os from 'node:os';
import {
  AgentProcessSchema,
  DaemonInfoSchema,
  DaemonSecuritySchema,
  GetStatusResponseSchema,
  type AgentInfo,
  type GetStatusResponse,
  type OsInfo,
} from '../../../gen/mobility/v1/agent_control_pb';
import { assessExposure } from '../access/exposure';
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

/** The machine's architecture cannot change while it runs; uname once. */
const ARCHITECTURE = os.machine();

let defaultWindowsAdapters: WindowsAdapters | undefined;

/** Per-daemon process tables: each remembers agent processes between calls. */
const processTables = new WeakMap<StatusContext, LinuxProcessTable>();
/** A table holds /proc files open; close them when its daemon's context is gone. */
const closeWhenGone = new FinalizationRegistry<LinuxProcessTable>((table) => table.close());

export async function readHostStatus(ctx: StatusContext): Promise<GetStatusResponse> {
  const observed = new Date();
  const reading = ctx.config.platform === 'windows' ? await readWindowsHost(ctx) : await readLinuxHost(ctx);
  const share = memoryShare(reading.memoryTotalBytes);
  reading.agent.memoryPercent = share(reading.processes.reduce((sum, p) => sum + p.rssBytes, 0));
  return create(GetStatusResponseSchema, {
    daemon: daemonInfo(ctx),
    host: { hostname: os.hostname(), memoryTotalBytes: BigInt(reading.memoryTotalBytes) },
    os: reading.os,
    agent: reading.agent,
    processes: reading.processes.map((p) =>
      create(AgentProcessSchema, {
        name: p.name,
        running: p.pids.length > 0,
        pids: p.pids,
        rssBytes: BigInt(p.rssBytes),
        memoryPercent: share(p.rssBytes),
      }),
    ),
    logs: readLogFiles(ctx.catalog),
    observedTime: timestampFromDate(observed),
  });
}

/** Bytes as a percentage of host memory (0 when the total is unknown). */
function memoryShare(totalBytes: number): (bytes: number) => number {
  return (bytes) => (totalBytes > 0 ? (bytes / totalBytes) * 100 : 0);
}

function daemonInfo(ctx: StatusContext): MessageInitShape<typeof DaemonInfoSchema> {
  return {
    version: ctx.daemon.version,
    startTime: timestampFromDate(ctx.daemon.startTime),
    listenAddresses: ctx.daemon.listenAddresses(),
    root: ctx.config.root,
    pid: ctx.daemon.pid,
    security: daemonSecurity(ctx.config),
  };
}

/** Decided by the configuration alone, which does not change while the daemon runs: worked out once, not per GetStatus. */
const securityOfConfig = new WeakMap<DaemonConfig, MessageInitShape<typeof DaemonSecuritySchema>>();

function daemonSecurity(config: DaemonConfig): MessageInitShape<typeof DaemonSecuritySchema> {
  let security = securityOfConfig.get(config);
  if (!security) securityOfConfig.set(config, (security = readDaemonSecurity(config)));
  return { ...security }; // a copy: the status message built from it is the caller's
}

function readDaemonSecurity(config: DaemonConfig): MessageInitShape<typeof DaemonSecuritySchema> {
  const { insecureReason } = assessExposure(config);
  return {
    tls: config.tlsCert !== '',
    clientCertificates: config.tlsClientCa !== '',
    tokens: config.authTokensFile !== '',
    insecure: insecureReason !== '',
    insecureReason,
  };
}

async function readLinuxHost(ctx: StatusContext): Promise<HostReading> {
  const pageSize = await getPageSize();
  const processes = await processTable(ctx).sample(pageSize);
  return {
    os: detectLinuxOs(ctx.config, ARCHITECTURE),
    agent: probeLinuxAgent(ctx.config),
    processes,
    memoryTotalBytes: readMemTotalBytes(ctx.config.procRoot),
  };
}

async function readWindowsHost(ctx: StatusContext): Promise<HostReading> {
  const adapters = ctx.windows ?? (defaultWindowsAdapters ??= realWindowsAdapters());
  const [osInfo, agent, processes] = await Promise.all([
    detectWindowsOs(adapters.registry, ARCHITECTURE),
    probeWindowsAgent(adapters.registry),
    sampleWindowsServices(adapters.services),
  ]);
  return { os: osInfo, agent, processes, memoryTotalBytes: os.totalmem() };
}

/** Just the OS part of the status (install and packages need its installer tag and support). */
export async function readHostOs(ctx: StatusContext): Promise<OsInfo> {
  if (ctx.config.platform !== 'windows') return detectLinuxOs(ctx.config, ARCHITECTURE);
  const adapters = ctx.windows ?? (defaultWindowsAdapters ??= realWindowsAdapters());
  return detectWindowsOs(adapters.registry, ARCHITECTURE);
}

function realWindowsAdapters(): WindowsAdapters {
  return { registry: new RegExeRegistryReader(), services: new ScExeServiceQuery() };
}

function processTable(ctx: StatusContext): LinuxProcessTable {
  let table = processTables.get(ctx);
  if (!table) {
    table = new LinuxProcessTable(ctx.config.procRoot);
    processTables.set(ctx, table);
    closeWhenGone.register(ctx, table);
  }
  return table;
}
