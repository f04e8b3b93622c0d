/**
 * A job the store shows QUEUED or RUNNING was cut short by a daemon that died
 * (or was killed) while it ran: nobody saw its installer end. At startup such
 * a job is settled from the host's own files, never left running forever:
 *  - SUCCEEDED ("reconciled after a restart") only when the agent's traces
 *    CHANGED during the job (compared with what host-before.ts recorded when
 *    it started) and now show the job's result: the package's version
 *    installed (installed after the job was created, when the files say when)
 *    and, when the job registered, the agent registered with the job's
 *    configuration server. A host that already showed that result proves
 *    nothing: a Register killed before its configurator ended on a host
 *    registered with the same server did not register anything.
 *  - INTERRUPTED otherwise, saying what the host shows.
 * An uninstall is settled from the host alone: agent gone → SUCCEEDED, still
 * there → INTERRUPTED (decideUninstall).
 */
import { timestampDate, timestampNow } from '@bufbuild/protobuf/wkt';
import { JobState, RegistrationState, StepKind, StepState, type AgentInfo, type Job } from '../../../gen/mobility/v1/agent_control_pb';
import { tryParsePackageName } from '../packages/package-name';
import type { HostBefore } from './host-before';
import type { Outcome } from './job-run';
import { StepTracker } from './step-tracker';

const RECONCILED = 'reconciled after a restart of mobilityd';
const STOPPED = 'mobilityd stopped while this job ran';

/** What the job's record says about the host when it started, and whether the host changed since. */
export interface Evidence {
  /** Undefined when the job has no record (it never got to run a program, or it predates the records). */
  before?: HostBefore;
  /** The agent's traces differ from the record's fingerprint now. */
  changed: boolean;
}

/** Settles the job in place from what the host shows now. */
export function reconcileJob(job: Job, agent: AgentInfo, evidence: Evidence, note = ''): void {
  const outcome = decide(job, agent, evidence);
  const steps = new StepTracker(job, () => undefined);
  const good = outcome.state === JobState.SUCCEEDED;
  for (const step of job.steps) {
    if (step.state !== StepState.PENDING && step.state !== StepState.RUNNING) continue;
    const ran = step.state === StepState.RUNNING;
    if (good) steps.finish(step.kind, resultOfStep(step.kind), `${RECONCILED}: the host shows the job's result`);
    else steps.finish(step.kind, StepState.CANCELLED, ran ? 'stopped: mobilityd stopped while it ran' : 'not run: mobilityd stopped first');
  }
  job.state = outcome.state;
  job.message = note ? `${outcome.message}; ${note}` : outcome.message;
  job.endTime = timestampNow();
  if (good && job.request.case === 'install') job.agentVersion = agent.version;
}

/** The VSS provider leaves no trace in .vx_version, so its step cannot be called a success. */
function resultOfStep(kind: StepKind): StepState {
  return kind === StepKind.INSTALL_VSS_PROVIDER ? StepState.SKIPPED : StepState.SUCCEEDED;
}

function decide(job: Job, agent: AgentInfo, evidence: Evidence): Outcome {
  if (job.request.case === 'uninstall') return decideUninstall(agent);
  const shows = describeAgent(agent);
  const registration = job.request.case === 'install' || job.request.case === 'register' ? job.request.value.registration : undefined;
  const installed = job.request.case !== 'install' || installedByJob(job, agent);
  const registered = !registration || (agent.registration === RegistrationState.REGISTERED && agent.csEndpoint === registration.csEndpoint);
  const interrupted = (why: string): Outcome => ({ state: JobState.INTERRUPTED, message: `${STOPPED}, ${why}; run the job again` });
  if (!installed || !registered) return interrupted(`and the host does not show its result (${shows})`);
  const { before } = evidence;
  if (!before) {
    return interrupted(`and there is no record of what the host showed when the job started, so mobilityd cannot tell whether the job did what the host shows (${shows})`);
  }
  if (!evidence.changed) {
    return interrupted(`and the host does not show its result: it shows ${shows}, as it did when the job started (${before.fingerprint.source} did not change)`);
  }
  if (registration && job.request.case === 'install' && before.registeredWith === registration.csEndpoint) {
    // The install changed the files; the registration may never have run.
    return interrupted(`and the host does not show that it registered: the agent was registered with ${registration.csEndpoint} already when the job started`);
  }
  const did = job.request.case === 'install' ? `agent ${agent.version} installed` : '';
  const reg = registration ? `registered with configuration server ${registration.csEndpoint}` : '';
  return { state: JobState.SUCCEEDED, message: `${RECONCILED}: the host shows ${[did, reg].filter(Boolean).join(' and ')}` };
}

/**
 * An uninstall was admitted only with the agent installed: gone now means it
 * was removed (nothing else removes it while a job runs); still there means
 * the uninstaller did not finish, and running it again is the way on.
 */
function decideUninstall(agent: AgentInfo): Outcome {
  if (!agent.installed) return { state: JobState.SUCCEEDED, message: `${RECONCILED}: the host shows the agent is not installed` };
  return { state: JobState.INTERRUPTED, message: `${STOPPED}, and the host still shows ${describeAgent(agent)}; run the uninstall again` };
}

/** The package's version is installed, and (when the host says when) it was installed after the job was created. */
function installedByJob(job: Job, agent: AgentInfo): boolean {
  if (job.request.case !== 'install') return false;
  const target = tryParsePackageName(job.request.value.packageName)?.version;
  if (!agent.installed || !target || agent.version !== target) return false;
  if (!agent.installTime || !job.createTime) return true;
  // .vx_version's time has whole seconds; the job's creation has milliseconds.
  return timestampDate(agent.installTime).getTime() >= Math.floor(timestampDate(job.createTime).getTime() / 1000) * 1000;
}

function describeAgent(agent: AgentInfo): string {
  if (!agent.installed) return 'the agent is not installed';
  const reg = agent.registration === RegistrationState.REGISTERED ? `registered with ${agent.csEndpoint}` : 'not registered';
  return `agent ${agent.version} installed, ${reg}`;
}
