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
import type { DaemonConfig } from '../../server/core/config/daemon-config';
import { JobWatcher } from './job-watcher';
import { copySamplePackages, SAMPLE_VERSIONS } from './sample-packages';
import type { Sandbox } from './sandbox';
import { startTestDaemon, type TestDaemon } from './test-daemon';

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

export async function startJobDaemon(
  options: { sandbox?: Sandbox; config?: Partial<DaemonConfig>; versions?: readonly string[] } = {},
): Promise<JobDaemon> {
  const t = await startTestDaemon(options);
  await copySamplePackages(t.daemon.packages.dir, options.versions ?? SAMPLE_VERSIONS);
  const watch = (id: string) => new JobWatcher(t.client.watchJob(id));
  return {
    ...t,
    install: async (request = {}) =>
      (await t.client.install({ role: AgentRole.MOBILITY_SERVICE, platform: Platform.VMWARE, ...request })).job!,
    register: async (request) => (await t.client.register(request)).job!,
    watch,
    finish: (id) => watch(id).result(),
  };
}
