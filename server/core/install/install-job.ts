/**
 * An install job from start to end: COPY_PACKAGE (copy, verify sha256,
 * extract), then the installer (PREREQUISITE_CHECK, INSTALL_AGENT,
 * INSTALL_VSS_PROVIDER, settled from its exit code and its own files), then — when the request asked —
 * REGISTER. The first phase that does not succeed ends the job.
 */
import * as path from 'node:path';
import { JobState, StepKind, StepState } from '../../../gen/mobility/v1/agent_control_pb';
import { installerExit } from '../agent-programs/exit-codes';
import { runProcess } from '../agent-programs/child-process-runner';
import { linuxInstallCommand, windowsInstallCommand, type Command } from '../agent-programs/installer-commands';
import { extractPackage } from './package-extraction';
import { beginRecorded } from '../jobs/host-before';
import { readAgent, readAgentFingerprint } from '../agent/agent-reader';
import { sameFingerprint, type AgentFingerprint } from '../agent/agent-fingerprint';
import { InstallerFiles, linuxInstallerFiles, windowsInstallerFiles } from './installer-files';
import { childEnv } from '../agent-programs/child-env';
import type { InstallPlan } from './install-preflight';
import { asHostPath, underRoot } from '../config/host-paths';
import { installOutcome } from './install-outcome';
import { InstallerProgress } from './installer-progress';
import { logNote } from '../agent-programs/log-note';
import { isGood, phase } from '../jobs/job-phase';
import type { JobRun, Outcome } from '../jobs/job-run';
import { copyAndHash } from './package-copy';
import { describeExit, programName } from '../agent-programs/process-exit';
import { runConfigurator } from '../register/register-job';
import { freshWorkDir } from './work-folders';
import { captureLogPath } from '../logs/log-catalog';

export async function runInstallJob(run: JobRun, plan: InstallPlan): Promise<void> {
  const version = plan.package.package.version;
  if (!(await beginRecorded(run, startMessage(plan)))) return;
  if (plan.staleLock) await noteStaleLock(run, plan.staleLock);
  // The stale lock stays in the job's last word, where people look afterwards.
  const end = (outcome: Outcome) => run.end(plan.staleLock ? { ...outcome, message: `${outcome.message} (${plan.staleLock})` } : outcome);
  const copied = await phase(run, 'copying the package', () => copyPackage(run, plan));
  if (!isGood(copied) || !('folder' in copied)) return end(copied);
  const installed = await phase(run, 'the installer', () => runInstaller(run, plan, copied.folder));
  if (!isGood(installed)) return end(installed);
  const agent = await readAgent(run.host.status).catch(() => undefined);
  run.job.agentVersion = agent?.version || version;
  run.touch();
  if (!plan.registration) return end(installed);
  const registration = plan.registration;
  const location = agent?.installLocation ? asHostPath(run.host.config, agent.installLocation) : plan.location;
  const registered = await phase(run, 'the configurator', () => runConfigurator(run, registration, location));
  end(chained(installed, registered));
}

async function copyPackage(run: JobRun, plan: InstallPlan): Promise<Outcome & { folder: string }> {
  const { config } = run.host;
  const { package: pkg, path: source } = plan.package;
  run.steps.start(StepKind.COPY_PACKAGE, `copying ${pkg.name} into the job's work folder`);
  const workDir = await freshWorkDir(config, run.job.id);
  const sha256 = await copyAndHash(source, path.join(workDir, pkg.name), run.signal);
  if (sha256 !== pkg.sha256) {
    const message = `the copy of ${pkg.name} has sha256 ${sha256}, not the repository's ${pkg.sha256}: the file changed while it was read; install again`;
    run.steps.finish(StepKind.COPY_PACKAGE, StepState.FAILED, message);
    return { state: JobState.FAILED, message, folder: '' };
  }
  run.steps.note(StepKind.COPY_PACKAGE, `sha256 verified; extracting ${pkg.name}`);
  const folder = await extractPackage({
    packagePath: path.join(workDir, pkg.name),
    workDir,
    os: config.platform,
    logFile: captureLogPath(config, 'installer'),
    signal: run.signal,
  });
  const message = `copied ${pkg.name}, verified its sha256 ${sha256.slice(0, 16)}… and extracted it into ${folder}`;
  run.steps.finish(StepKind.COPY_PACKAGE, StepState.SUCCEEDED, message);
  return { state: JobState.SUCCEEDED, message, folder };
}

async function runInstaller(run: JobRun, plan: InstallPlan, folder: string): Promise<Outcome> {
  const { config } = run.host;
  const version = plan.package.package.version;
  const build = config.platform === 'windows' ? windowsInstallCommand : linuxInstallCommand;
  const input = { extractedDir: folder, role: plan.role, platform: plan.platform, upgrade: plan.upgradeFrom !== undefined };
  // The installer gets the location under the root; people see the host path.
  const command = build({ ...input, location: underRoot(config, plan.location) });
  const shown = commandText(build({ ...input, location: plan.location }));
  const logFile = captureLogPath(config, 'installer');
  await logNote(logFile, `job ${run.job.id} runs ${shown} (in ${folder})`);
  run.say(`${startMessage(plan)}: ${shown}`);
  const windows = config.platform === 'windows';
  const progress = new InstallerProgress(run.steps, version, plan.vssFailureFails, windows);
  const files = await markInstallerFiles(config, command);
  const before = await readAgentFingerprint(run.host.status).catch(() => undefined);
  progress.begin();
  const result = await runProcess(command, { env: childEnv(config), logFile, signal: run.signal });
  if (result.cancelled) return run.stoppedOutcome('the installer');
  const exit = describeExit(result, installerExit);
  run.recordExit(programName(command), exit.code, exit.meaning, exit.remedy);
  const report = files ? await files.read() : { errors: [], logTail: [], logsWritten: [] };
  progress.settle({ ...report, logsWritten: report.logsWritten.map((f) => (windows ? f : asHostPath(config, f))) });
  await noteReport(logFile, progress);
  if (plan.upgradeFrom === version && exit.code === 0 && (await unchanged(run, before))) progress.nothingToDo();
  return installOutcome(exit, progress, run.steps, doneMessage(plan, progress));
}

/** The agent's own files, marked before the run so that only this job's part is read. */
async function markInstallerFiles(config: JobRun['host']['config'], command: Command): Promise<InstallerFiles | undefined> {
  const set = config.platform === 'windows' ? windowsInstallerFiles(process.env) : linuxInstallerFiles(config, command);
  return set ? InstallerFiles.mark(set) : undefined;
}

/** The installer's log tail and errors go to mobilityd's installer log too, where people look first. */
async function noteReport(logFile: string, progress: InstallerProgress): Promise<void> {
  if (progress.logTail.length > 0) await logNote(logFile, `the installer's log (${progress.logsWritten.join(', ')}) ends with:`);
  for (const line of progress.logTail) await logNote(logFile, `  ${line}`);
  const named = progress.namedErrors();
  if (named) await logNote(logFile, `InstallerErrors.json: ${named}`);
  else if (progress.errorsNote) await logNote(logFile, progress.errorsNote);
}

/** True when the agent's traces are exactly as before the run: the installer changed nothing. */
async function unchanged(run: JobRun, before: AgentFingerprint | undefined): Promise<boolean> {
  const after = await readAgentFingerprint(run.host.status).catch(() => undefined);
  return before !== undefined && after !== undefined && sameFingerprint(before, after);
}

/** The preflight ignored a stale installer lock: the job and the installer capture say so. */
async function noteStaleLock(run: JobRun, note: string): Promise<void> {
  run.say(`${run.job.message}; ${note}`);
  await logNote(captureLogPath(run.host.config, 'installer'), `job ${run.job.id} ${note}`);
}

/** A reinstall of the installed version is neither an install nor an upgrade "from X to X". */
function startMessage(plan: InstallPlan): string {
  const version = plan.package.package.version;
  if (plan.upgradeFrom === version) return `reinstalling agent ${version} (the installed version)`;
  return plan.upgradeFrom ? `upgrading the agent from ${plan.upgradeFrom} to ${version}` : `installing agent ${version}`;
}

/** What the installer did, in its own terms: an installer that found the version installed did nothing. */
function doneMessage(plan: InstallPlan, progress: InstallerProgress): string {
  const version = plan.package.package.version;
  const where = plan.location;
  if (progress.alreadyInstalled) return `agent ${version} is already installed in ${where}: nothing to do`;
  if (plan.upgradeFrom === version) return `agent ${version} reinstalled in ${where} (it was already at that version)`;
  return plan.upgradeFrom ? `agent upgraded from ${plan.upgradeFrom} to ${version} in ${where}` : `agent ${version} installed in ${where}`;
}

/** The command as a person would type it: program name, then the arguments. */
function commandText(command: Command): string {
  const program = programName(command);
  return [program === 'install' ? './install' : program, ...command.args].join(' ');
}

/** Install then register: the job is as good as its worse half. */
function chained(installed: Outcome, registered: Outcome): Outcome {
  if (!isGood(registered)) return { state: registered.state, message: `${installed.message}; then ${registered.message}` };
  const state = installed.state === JobState.WARNING || registered.state === JobState.WARNING ? JobState.WARNING : JobState.SUCCEEDED;
  return { state, message: `${installed.message}; ${registered.message}` };
}
