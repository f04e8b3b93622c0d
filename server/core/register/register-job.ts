/**
 * Registration with a configuration server: the configurator with the server's
 * IP and a passphrase FILE. The passphrase (sent in the request, or read from
 * a passphrase folder by the host checks) lives in a private temporary file
 * (passphrase-file.ts) only while the configurator runs, and is also given to
 * runProcess to blank out of its output, in case a configurator ever echoes
 * what it read.
 */
import { JobState, StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import { runProcess, type ProcessResult } from '../agent-programs/child-process-runner';
import { configuratorExit } from '../agent-programs/exit-codes';
import { linuxConfiguratorCommand, windowsConfiguratorCommand } from '../agent-programs/installer-commands';
import { withPassphraseFile } from './passphrase-file';
import { childEnv } from '../agent-programs/child-env';
import { beginRecorded } from '../jobs/host-before';
import { underRoot } from '../config/host-paths';
import { logNote } from '../agent-programs/log-note';
import { captureLogPath } from '../logs/log-catalog';
import { phase } from '../jobs/job-phase';
import type { JobRun, Outcome } from '../jobs/job-run';
import { describeExit, programName } from '../agent-programs/process-exit';
import type { RegisterPlan } from './register-preflight';
import type { ReadyRegistration } from './registration-fields';

export async function runRegisterJob(run: JobRun, plan: RegisterPlan): Promise<void> {
  if (!(await beginRecorded(run, 'registering the agent'))) return;
  run.end(await phase(run, 'the configurator', () => runConfigurator(run, plan.registration, plan.location)));
}

/** REGISTER: runs the configurator of the agent installed in `location` (either form, see host-paths.ts). */
export async function runConfigurator(run: JobRun, registration: ReadyRegistration, location: string): Promise<Outcome> {
  const { config } = run.host;
  const cs = registration.csEndpoint;
  run.steps.start(StepKind.REGISTER, `registering with configuration server ${cs}`);
  run.say(`registering with configuration server ${cs}`);
  const build = config.platform === 'windows' ? windowsConfiguratorCommand : linuxConfiguratorCommand;
  const logFile = captureLogPath(config, 'configurator');
  const secret = registration.secret;
  const program = programName(build({ location, csEndpoint: cs, passphraseFile: '' }));
  const configure = async (passphraseFile: string): Promise<ProcessResult> => {
    const command = build({ location: underRoot(config, location), csEndpoint: cs, passphraseFile });
    await logNote(logFile, `job ${run.job.id} runs ${program} ${command.args.join(' ')}`);
    return runProcess(command, { env: childEnv(config), logFile, signal: run.signal, redact: [secret.reveal()] });
  };
  const result = await withPassphraseFile(config.stateDir, secret.reveal(), configure);
  if (result.cancelled) return run.stoppedOutcome('the configurator');
  const exit = describeExit(result, configuratorExit);
  run.recordExit(program, exit.code, exit.meaning, exit.remedy);
  if (exit.outcome === 'failed') {
    run.steps.finish(StepKind.REGISTER, StepState.FAILED, `registration with ${cs} failed: ${exit.described}`);
    return { state: JobState.FAILED, message: `registration with configuration server ${cs} failed: ${exit.described}` };
  }
  run.steps.finish(StepKind.REGISTER, StepState.SUCCEEDED, `registered with configuration server ${cs}`);
  return { state: JobState.SUCCEEDED, message: `registered with configuration server ${cs}` };
}
