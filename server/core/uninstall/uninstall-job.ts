/**
 * An uninstall job: one step, UNINSTALL_AGENT, running the documented
 * uninstaller (uninstall-commands.ts) with its output in the installer log.
 * The job's end is what the host shows afterwards, not only the exit code:
 * an uninstaller that says "done" while the agent's traces remain is not a
 * plain success.
 */
import { JobState, StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import { runProcess } from '../agent-programs/child-process-runner';
import { childEnv } from '../agent-programs/child-env';
import type { Command } from '../agent-programs/installer-commands';
import { logNote } from '../agent-programs/log-note';
import { describeExit, programName } from '../agent-programs/process-exit';
import { readAgent } from '../agent/agent-reader';
import { underRoot } from '../config/host-paths';
import { beginRecorded } from '../jobs/host-before';
import { phase } from '../jobs/job-phase';
import type { JobRun, Outcome } from '../jobs/job-run';
import { linuxUninstallCommand, windowsUninstallCommand } from './uninstall-commands';
import { linuxUninstallExit, windowsUninstallExit } from './uninstall-exit';

export interface UninstallPlan {
  /** The installed version, as the host showed it at admission. */
  version: string;
  /** Host path of the install location (Linux: where uninstall.sh is). */
  location: string;
}

export async function runUninstallJob(run: JobRun, plan: UninstallPlan): Promise<void> {
  if (!(await beginRecorded(run, `uninstalling agent ${plan.version}`))) return;
  run.end(await phase(run, 'the uninstaller', () => runUninstaller(run, plan)));
}

async function runUninstaller(run: JobRun, plan: UninstallPlan): Promise<Outcome> {
  const { config, catalog } = run.host;
  const windows = config.platform === 'windows';
  const programData = process.env.ProgramData;
  const command = windows ? windowsUninstallCommand(programData) : linuxUninstallCommand(underRoot(config, plan.location));
  const shown = windows ? command : linuxUninstallCommand(plan.location);
  const logFile = catalog.resolve('installer').path;
  const text = commandText(shown);
  run.steps.start(StepKind.UNINSTALL_AGENT, `running ${text}`);
  run.say(`uninstalling agent ${plan.version}: ${text}`);
  await logNote(logFile, `job ${run.job.id} runs ${text}`);
  const result = await runProcess(command, { env: childEnv(config), logFile, signal: run.signal });
  if (result.cancelled) return run.stoppedOutcome('the uninstaller');
  const exit = describeExit(result, windows ? windowsUninstallExit : linuxUninstallExit);
  run.recordExit(programName(command), exit.code, exit.meaning);
  if (exit.outcome === 'failed') {
    const message = `the uninstaller failed: ${exit.described}`;
    run.steps.finish(StepKind.UNINSTALL_AGENT, StepState.FAILED, message);
    return { state: JobState.FAILED, message: `${message}; the agent may be partly removed: check GetStatus and the installer log` };
  }
  return settled(run, plan, exit.outcome === 'warning' ? exit.meaning : '');
}

/** After a good exit: what the host shows decides between SUCCEEDED and WARNING. */
async function settled(run: JobRun, plan: UninstallPlan, warning: string): Promise<Outcome> {
  const agent = await readAgent(run.host.status);
  if (agent.installed) {
    const message = `the uninstaller reported success, but the host still shows agent ${agent.version || plan.version} installed (${agent.source})`;
    run.steps.finish(StepKind.UNINSTALL_AGENT, StepState.WARNING, message);
    return { state: JobState.WARNING, message: warning ? `${message}: ${warning}` : message };
  }
  const done = `agent ${plan.version} uninstalled${plan.location ? ` from ${plan.location}` : ''}`;
  const state = warning ? JobState.WARNING : JobState.SUCCEEDED;
  run.steps.finish(StepKind.UNINSTALL_AGENT, warning ? StepState.WARNING : StepState.SUCCEEDED, done);
  return { state, message: warning ? `${done}; ${warning}` : done };
}

/** The command as a person would type it in the install location (Linux) or a command prompt (Windows). */
function commandText(command: Command): string {
  const program = command.file.endsWith('/uninstall.sh') ? command.file : programName(command);
  return [program, ...command.args.map((a) => (a.includes(' ') ? `"${a}"` : a))].join(' ');
}
