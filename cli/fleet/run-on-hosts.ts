/**
 * Runs one command's work on many hosts: at most --parallel at a time (the
 * client's worker pool), each host with its own client (the same connection
 * security flags for every host of --hosts; its own for every inventory host)
 * and its own deadlines,
 * so a slow or dead host holds up nobody else. The rows come back in the order
 * the hosts were given.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import { AgentControlClient } from '../../client/agent-control-client';
import { mapWithLimit } from '../../client/fleet/worker-pool';
import { describeBriefly } from '../errors/describe-error';
import { ExitCode } from '../errors/exit-codes';
import type { GlobalOptions } from '../global-options';
import { onInterrupt } from '../interrupt';
import { checkSecurityFor, securityFor } from '../security-options';
import { stdoutSink } from '../output/stdout-sink';
import type { FleetOptions } from './fleet-options';
import { inventoryTargets, type FleetTarget } from './inventory-targets';
import { fleetExitCode, renderFleetJson, renderFleetTable, type HostReport } from './fleet-summary';

/** What the work on one host produced; a thrown error becomes a failed or unreachable row. */
export interface HostOutcome {
  ok: boolean;
  /** One line for the DETAIL column, e.g. "job 1a2b succeeded, agent 9.30.0.0". */
  detail: string;
  /** The host's answer as protobuf JSON, for --json. */
  result?: JsonValue;
}

export interface HostContext {
  /** The address the client talks to. */
  host: string;
  client: AgentControlClient;
  timeoutMs: number;
  /** Aborted by Ctrl-C: stop waiting (never cancel a job) and return what is known. */
  signal: AbortSignal;
}

export type HostTask = (context: HostContext) => Promise<HostOutcome>;

export async function runOnHosts(fleet: FleetOptions, global: GlobalOptions, task: HostTask): Promise<ExitCode> {
  // Security that cannot work for a host (TLS on a Unix socket, a token in clear text) stops the run before any host is touched.
  const targets = fleet.inventory ? await inventoryTargets(fleet.inventory, global) : fleet.hosts.map((host) => listedTarget(host, global));
  const controller = new AbortController();
  const releaseInterrupt = onInterrupt(() => controller.abort());
  const progress = process.stderr.isTTY === true;
  let done = 0;

  const runOne = async (target: FleetTarget): Promise<HostReport> => {
    const report = await hostReport(target, global, controller.signal, task);
    done += 1;
    if (progress) process.stderr.write(`[${done}/${targets.length}] ${target.name}: ${report.ok ? 'ok' : report.reason} — ${report.detail}\n`);
    return report;
  };
  let reports: HostReport[];
  try {
    reports = await mapWithLimit(targets, fleet.parallel, runOne, notStarted, controller.signal);
  } finally {
    releaseInterrupt();
  }

  await stdoutSink().write(global.json ? renderFleetJson(reports) : renderFleetTable(reports));
  if (controller.signal.aborted) {
    process.stderr.write('mobilityctl: interrupted; jobs already started keep running on their hosts\n');
    return ExitCode.Interrupted;
  }
  return fleetExitCode(reports);
}

/** A host of --hosts: named by its address, with the security flags. */
function listedTarget(host: string, global: GlobalOptions): FleetTarget {
  checkSecurityFor(host, global.security, { fleet: true });
  return { name: host, address: host, security: securityFor(host, global.security) };
}

/** One host's row: its own client, the task's outcome, or why it failed. */
async function hostReport(target: FleetTarget, global: GlobalOptions, signal: AbortSignal, task: HostTask): Promise<HostReport> {
  const { name, address } = target;
  const row = { host: name, address: address === name ? undefined : address };
  let client: AgentControlClient | undefined;
  try {
    client = new AgentControlClient(address, {}, target.security);
    const outcome = await task({ host: address, client, timeoutMs: global.timeoutMs, signal });
    return { ...row, ok: outcome.ok, reason: outcome.ok ? undefined : 'failed', detail: outcome.detail, result: outcome.result };
  } catch (err) {
    const brief = describeBriefly(err);
    return { ...row, ok: false, reason: brief.reason, detail: brief.message };
  } finally {
    client?.close();
  }
}

function notStarted(target: FleetTarget): HostReport {
  return { host: target.name, address: target.address === target.name ? undefined : target.address, ok: false, reason: 'failed', detail: 'not started: interrupted' };
}
