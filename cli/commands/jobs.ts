/** `mobilityctl jobs`: ListJobs, newest first, one page at a time. */
import { jobKindLabel, jobStateLabel } from '../../client/format/job-labels';
import { ListJobsResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { expectNoPositionals } from '../command-line';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { FLEET_OPTIONS, fleetOptionsHelp, parseFleetOptions } from '../fleet/fleet-options';
import { runOnHosts } from '../fleet/run-on-hosts';
import { GLOBAL_OPTIONS_HELP, hostFlag } from '../global-options';
import { renderJobList } from '../jobs/job-list-view';
import { redactJob } from '../jobs/job-request-view';
import { protoJsonText, protoJsonValue } from '../output/proto-json';
import { stdoutSink } from '../output/stdout-sink';
import { parseWholeNumber } from '../whole-number';
import type { Command } from './command';

/** ListJobsRequest.page_size's limit (agent_control.proto). */
const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 20;
/** --limit is the page size here, so the inventory's host pattern is --host-limit. */
const JOBS_FLEET_FLAGS = { limit: 'host-limit' };

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list install and register jobs, newest first',
  help: `Usage: mobilityctl jobs [--limit N] [--page-token T]
                       [--host ADDR | --hosts A,B,... | --inventory FILE [--host-limit P]]
                       [--parallel N] [--json] [--timeout MS]

Lists the host's jobs, newest first: ID, KIND (install or register), STATE
(queued, running, succeeded, warning, failed, cancelled, interrupted),
CREATED (UTC), DURATION (so far, for a running job) and MESSAGE. When there
are more, the last line is the command that shows the next page.

Options:
  --limit N         at most N jobs per page (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})
  --page-token T    the page after the one that printed this token

With --json, prints the ListJobsResponse (jobs and nextPageToken) as protobuf JSON.

${fleetOptionsHelp(`(--host-limit, because --limit is the page size here.)`, JOBS_FLEET_FLAGS)}
Examples:
  mobilityctl jobs
  mobilityctl jobs --limit 5 --json | jq -r '.jobs[].id'
  mobilityctl jobs --hosts 10.0.0.4,10.0.0.5

${GLOBAL_OPTIONS_HELP}`,
  options: { ...FLEET_OPTIONS, limit: { type: 'string' }, 'page-token': { type: 'string' }, 'host-limit': { type: 'string' } },

  async run(args, global) {
    expectNoPositionals(args, 'jobs');
    const limitText = args.values.limit as string | undefined;
    const pageSize =
      limitText === undefined
        ? 0 // the daemon's default
        : parseWholeNumber(limitText, { flag: '--limit', meaning: 'a number of jobs', min: 1, max: MAX_PAGE_SIZE, command: 'jobs' });
    const pageToken = (args.values['page-token'] as string | undefined) ?? '';
    const request = { pageSize, pageToken };

    const fleet = parseFleetOptions(args, 'jobs', JOBS_FLEET_FLAGS);
    if (fleet) {
      return runOnHosts(fleet, global, async ({ client, timeoutMs }) => {
        const page = await client.listJobs(request, { timeoutMs });
        page.jobs = page.jobs.map(redactJob);
        const newest = page.jobs[0];
        const detail =
          page.jobs.length === 0
            ? 'no jobs'
            : `${page.jobs.length}${page.nextPageToken ? '+' : ''} job${page.jobs.length === 1 ? '' : 's'}; newest: ${newest.id} ${jobKindLabel(newest.kind)} ${jobStateLabel(newest.state)}`;
        return { ok: true, detail, result: protoJsonValue(ListJobsResponseSchema, page) };
      });
    }

    const page = await withClient(global, (client) => client.listJobs(request, { timeoutMs: global.timeoutMs }));
    page.jobs = page.jobs.map(redactJob);
    const nextFlags = `${limitText === undefined ? '' : ` --limit ${pageSize}`}${hostFlag(global.host)}`;
    const text = global.json ? protoJsonText(ListJobsResponseSchema, page) : renderJobList(page, { host: global.host, nextFlags });
    await stdoutSink().write(text);
    return ExitCode.Ok;
  },
};
