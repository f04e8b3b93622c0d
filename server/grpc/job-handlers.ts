/** Install, Register, Uninstall, GetJob, ListJobs, WatchJob, CancelJob over gRPC: thin adapters over the JobManager. */
import { create } from '@bufbuild/protobuf';
import type { ServerWritableStream } from '@grpc/grpc-js';
import {
  CancelJobResponseSchema,
  GetJobResponseSchema,
  InstallResponseSchema,
  ListJobsResponseSchema,
  RegisterResponseSchema,
  UninstallResponseSchema,
  WatchJobResponseSchema,
  type CancelJobRequest,
  type GetJobRequest,
  type InstallRequest,
  type Job,
  type ListJobsRequest,
  type RegisterRequest,
  type UninstallRequest,
  type WatchJobRequest,
  type WatchJobResponse,
} from '../../gen/mobility/v1/agent_control_pb';
import type { JobManager } from '../core/jobs/job-manager';
import { toServiceError } from './status-mapping';
import { callSignal, writeWithBackpressure } from './stream-writer';
import { unary } from './unary-call';

export function jobHandlers(jobs: JobManager) {
  return {
    install: unary((r: InstallRequest) => jobs.install(r).then((job: Job) => create(InstallResponseSchema, { job }))),
    register: unary((r: RegisterRequest) => jobs.register(r).then((job) => create(RegisterResponseSchema, { job }))),
    uninstall: unary((r: UninstallRequest) => jobs.uninstall(r).then((job) => create(UninstallResponseSchema, { job }))),
    getJob: unary((r: GetJobRequest) => create(GetJobResponseSchema, { job: jobs.get(r.id) })),
    listJobs: unary((r: ListJobsRequest) => create(ListJobsResponseSchema, jobs.list(r.pageSize, r.pageToken))),
    cancelJob: unary((r: CancelJobRequest) => jobs.cancel(r.id).then((job) => create(CancelJobResponseSchema, { job }))),
    async watchJob(call: ServerWritableStream<WatchJobRequest, WatchJobResponse>) {
      try {
        for await (const job of jobs.watch(call.request.id, callSignal(call))) {
          if (call.cancelled) return;
          await writeWithBackpressure(call, create(WatchJobResponseSchema, { job }));
        }
        if (!call.cancelled) call.end();
      } catch (err) {
        if (!call.cancelled) call.emit('error', toServiceError(err));
      }
    },
  };
}
