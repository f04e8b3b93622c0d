/**
 * Runs one command's work on many hosts: at most --parallel at a time, each
 * host with its own client and its own deadlines, so a slow or dead host holds
 * up nobody else. The rows come back in the order the hosts were given.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import { AgentControlClient } from '../../client/agent-control-client';
import { describeBriefly } from '../errors/describe-grpc-error';
import { ExitCode } from '../errors/exit-codes';
import type { GlobalOptions } from '../global-options';
import { onInterrupt } from '../interrupt';
import { stdoutSink } from '../output/stdout-sink';
import type { FleetOptions } from './fleet-options';
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
  host: string;
  client: AgentControlClient;
  timeoutMs: number;
  /** Aborted by Ctrl-C: stop waiting (never cancel a job) and return what is known. */
  signal: AbortSignal;
}

export type HostTask = (context: HostContext) => Promise<HostOutcome>;

export async function runOnHosts(fleet: FleetOptions, global: GlobalOptions, task: HostTask): Promise<ExitCode> {
  const controller = new AbortController();
  const releaseInterrupt = onInterrupt(() => controller.abort());
  const reports: HostReport[] = new Array(fleet.hosts.length);
  const progress = process.stderr.isTTY === true;
  let done = 0;
  let next = 0;

  const runOne = async (index: number): Promise<void> => {
    const host = fleet.hosts[index];
    if (controller.signal.aborted) {
      reports[index] = { host, ok: false, reason: 'failed', detail: 'not started: interrupted' };
      return;
    }
    const client = new AgentControlClient(host);
    try {
      const outcome = await task({ host, client, timeoutMs: global.timeoutMs, signal: controller.signal });
      reports[index] = {
        host,
        ok: outcome.ok,
        reason: outcome.ok ? undefined : 'failed',
        detail: outcome.detail,
        result: outcome.result,
      };
    } catch (err) {
      const brief = describeBriefly(err, global.timeoutMs);
      reports[index] = { host, ok: false, reason: brief.reason, detail: brief.message };
    } finally {
      client.close();
    }
    done += 1;
    if (progress) {
      const r = reports[index];
      process.stderr.write(`[${done}/${fleet.hosts.length}] ${host}: ${r.ok ? 'ok' : r.reason} — ${r.detail}\n`);
    }
  };

  const worker = async () => {
    while (next < fleet.hosts.length) await runOne(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(fleet.parallel, fleet.hosts.length) }, worker));
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
