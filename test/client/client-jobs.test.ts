/**
 * The client's job helpers against real mobilityd: cancelling (an ended job is
 * no error), following a job to its end or until this side stops, and finding
 * the steps whose state changed.
 */
import { strict as assert } from 'node:assert';
import { create } from '@bufbuild/protobuf';
import { ClientError } from '../../client/errors/client-error';
import { cancelJob } from '../../client/jobs/cancel-job';
import { followJob } from '../../client/jobs/follow-job';
import { jobEnded } from '../../client/jobs/job-state';
import { StepChanges } from '../../client/jobs/step-changes';
import { JobSchema, JobState, StepKind, StepState, type Job } from '../../gen/mobility/v1/agent_control_pb';
import { useJobDaemon } from '../helpers/job-daemon';
import { setSampleFaults } from '../helpers/sample-packages';

describe('client: jobs', function () {
  this.timeout(60_000);
  const daemon = useJobDaemon();

  it('cancelJob: a running job is cancelled; an ended one had nothing to cancel; an unknown id is not_found', async () => {
    setSampleFaults(daemon().sandbox.root, ['slow']);
    const running = await daemon().install();
    const cancelled = await cancelJob(daemon().client, running.id);
    assert.deepEqual([cancelled.job.id, cancelled.alreadyEnded], [running.id, false]);
    const ended = await daemon().finish(running.id);
    assert.equal(ended.state, JobState.CANCELLED);
    const again = await cancelJob(daemon().client, running.id);
    assert.deepEqual([again.job.state, again.alreadyEnded], [JobState.CANCELLED, true]);
    await assert.rejects(cancelJob(daemon().client, 'no-such-job'), (err: unknown) => err instanceof ClientError && err.code === 'not_found');
  });

  it('followJob: every state in order to the end; a stop ends the follow (not the job) without an error', async () => {
    const seen: JobState[] = [];
    const started = await daemon().install();
    const followed = await followJob(daemon().client, started.id, (job) => void seen.push(job.state), new AbortController().signal);
    assert.deepEqual([followed.job?.state, followed.stopped], [JobState.SUCCEEDED, false]);
    assert.equal(seen.at(-1), JobState.SUCCEEDED);

    setSampleFaults(daemon().sandbox.root, ['slow']);
    const slow = await daemon().install();
    const stop = new AbortController();
    const stopped = await followJob(daemon().client, slow.id, () => stop.abort(), stop.signal);
    assert.deepEqual([stopped.job?.id, stopped.stopped], [slow.id, true]);
    assert.equal(jobEnded(await daemon().client.getJob(slow.id)), false, 'the job runs on');
    await daemon().client.cancelJob(slow.id);
  });

  it('StepChanges: each step once per state it reaches; pending is not news', () => {
    const job = (states: StepState[]): Job =>
      create(JobSchema, { steps: states.map((state, i) => ({ kind: [StepKind.COPY_PACKAGE, StepKind.PREREQUISITE_CHECK][i], state })) });
    const changes = new StepChanges();
    const told = (states: StepState[]) => changes.changed(job(states)).map((step) => `${StepKind[step.kind]} ${StepState[step.state]}`);
    assert.deepEqual(told([StepState.PENDING, StepState.PENDING]), []);
    assert.deepEqual(told([StepState.RUNNING, StepState.PENDING]), ['COPY_PACKAGE RUNNING']);
    assert.deepEqual(told([StepState.RUNNING, StepState.PENDING]), []);
    assert.deepEqual(told([StepState.SUCCEEDED, StepState.RUNNING]), ['COPY_PACKAGE SUCCEEDED', 'PREREQUISITE_CHECK RUNNING']);
  });
});
