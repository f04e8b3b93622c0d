/**
 * A test daemon ready to run jobs: the sample packages in its repository and
 * helpers to start an install or register and follow it to its end.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  AgentRole,
  Platform,
  type InstallRequestSchema,
  type Job,
  type RegisterRequestSchema,
} from '../../gen/mobility/v1/agent_control_pb';
import { JobWatcher } from './job-watcher';
import { copySamplePackages, SAMPLE_VERSIONS } from './sample-packages';
import { startTestDaemon, type TestDaemon, type TestDaemonOptions } from './test-daemon';
import { useStarted, type UseOptions } from './use-started';

export type InstallInit = MessageInitShape<typeof InstallRequestSchema>;
export type RegisterInit = MessageInitShape<typeof RegisterRequestSchema>;

export interface JobDaemon extends TestDaemon {
  /** Starts an install (role MS, platform VmWare unless given) and returns the job as Install answered. */
  install(request?: InstallInit): Promise<Job>;
  register(request: RegisterInit): Promise<Job>;
  watch(id: string): JobWatcher;
  /** Watches the job to its end and returns the final job. */
  finish(id: string): Promise<Job>;
}

export interface JobDaemonOptions extends TestDaemonOptions {
  /** The sample package versions in its repository (all by default). */
  versions?: readonly string[];
}

export async function startJobDaemon(options: JobDaemonOptions = {}): Promise<JobDaemon> {
  const t = await startTestDaemon(options);
  await copySamplePackages(t.daemon.packages.dir, options.versions ?? SAMPLE_VERSIONS);
  const watch = (id: string) => new JobWatcher(t.client.watchJob(id));
  return {
    ...t,
    install: (request = {}) => t.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, ...request }),
    register: (request) => t.client.register(request),
    watch,
    finish: (id) => watch(id).result(),
  };
}

/** Call inside a describe: a fresh job daemon for each test (one for the describe with `shared`), stopped after. */
export function useJobDaemon(options: JobDaemonOptions & UseOptions = {}): () => JobDaemon {
  return useStarted('the job daemon', () => startJobDaemon(options), options);
}
