/**
 * The one place for what the OpenAPI document says about each route that
 * neither the route table nor the proto descriptors know: summary, query and
 * header parameters, the body's kind, the answers' media types and the route's
 * own error statuses. Keyed by the route's RPC (route-table.ts); generation
 * fails for a route without an entry here, and a test fails for an entry
 * without a route.
 */
import { NAME_EXAMPLE, NAME_PATTERN } from '../../../contract/package-name';
import { MAX_PAGE_SIZE } from '../../core/jobs/job-paging';
import { MAX_LAST_LINES } from '../../core/logs/log-tailer';
import { MAX_JSON_BODY_BYTES } from '../json-body';
import type { ParameterDoc, RouteDoc } from './route-doc-types';

const JOB_ID: ParameterDoc = {
  description: 'The job id, as Install, Register, Uninstall or ListJobs answered it.',
  schema: { type: 'string' },
  example: '0lw3k9a1b-4f2a9c01',
};

const PACKAGE_NAME: ParameterDoc = {
  description: `The installer file name, ${NAME_PATTERN}.`,
  schema: { type: 'string', maxLength: 255 },
  example: NAME_EXAMPLE,
};

const JSON_BODY = `Content-Type: application/json (charset utf-8 or none), at most ${MAX_JSON_BODY_BYTES / 1024} KiB.`;

/** The errors every JSON-body POST may add. */
const JSON_BODY_ERRORS = {
  413: `The body is larger than ${MAX_JSON_BODY_BYTES} bytes (code resource_exhausted), refused at once from its Content-Length.`,
  415: 'Content-Type is not application/json (code invalid_argument); it is needed even with no body.',
} as const;

const SHUTTING_DOWN = 'mobilityd is shutting down (code unavailable); retry after Retry-After.';

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  GetStatus: {
    summary: "The host's status",
    tag: 'status',
    responses: [{ status: 200, description: 'The status, read from the host when the request arrived.', content: ['output-json'] }],
  },

  TailLog: {
    summary: 'Read or follow a log',
    tag: 'logs',
    description:
      'Three forms, chosen by `format`, else by Accept: NDJSON (the default), one TailLogResponse a line, `chunk.data` in base64; ' +
      'Server-Sent Events (Accept: text/event-stream), each event (`chunk` or `event`) with the TailLogResponse as its data and ' +
      'the id `OFFSET@FILEID` to resume from, `end` when a finite stream is complete and `failure` ({"code","message"}) when it ' +
      "failed after the start; or the log's lines themselves, exactly as in the file (Accept: text/plain), where a failure after " +
      'the start cuts the response short. Errors found before the first byte are error answers.',
    pathParameters: {
      name: {
        description: 'The log\'s catalog name (GET /v1/status lists them under `logs`), never a path.',
        schema: { type: 'string' },
        example: 'installer',
      },
    },
    query: {
      lines: {
        description: 'Start with the last N whole lines. Excludes `from`.',
        schema: { type: 'integer', minimum: 0, maximum: MAX_LAST_LINES },
      },
      follow: {
        description: 'Keep streaming new lines until the client leaves (also `1`/`0`, or empty for true).',
        schema: { type: 'boolean', default: false },
      },
      from: {
        description: "Start at this byte offset: 0 or a chunk's `nextOffset`, the start of a line. Excludes `lines`.",
        schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      },
      fileId: {
        description: "With `from`: the file generation the offset belongs to (a chunk's `fileId`), so that a rotation or truncation in between is noticed.",
        schema: { type: 'string' },
      },
      maxBytes: {
        description: 'Stop after this many bytes of log content, at a line boundary (0: no limit).',
        schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      },
      format: {
        description: 'ndjson, sse or text: wins over Accept.',
        schema: { type: 'string', enum: ['ndjson', 'sse', 'text'] },
      },
    },
    headers: {
      'Last-Event-ID': {
        description: 'An SSE id this API sent (OFFSET@FILEID), as an EventSource sends it when it reconnects: resume there, in place of lines, from and fileId.',
        schema: { type: 'string', pattern: '^[0-9]{1,16}(@.+)?$' },
      },
    },
    responses: [
      {
        status: 200,
        description: 'The log from where the request asked, then (with follow) new lines as they are written.',
        content: ['output-ndjson', 'output-sse', 'text'],
      },
    ],
    errors: {
      400: 'A query parameter or Last-Event-ID is malformed, lines and from are both given, fileId comes without from, or from is not the start of a line.',
      404: 'No log of that name in the catalog, or (without follow) the log does not exist yet.',
      409: "The log's path is not a file the daemon can read as a log (e.g. a folder).",
      416: 'from lies past the end of the log (code out_of_range).',
    },
  },

  Health: {
    summary: "The REST server's health",
    tag: 'service',
    description: 'For load balancers and probes: no credentials needed, nothing read from the host.',
    open: true,
    responses: [
      { status: 200, description: 'Serving: {"status":"SERVING"}.', content: ['health'] },
      { status: 503, description: 'Shutting down: {"status":"NOT_SERVING"}.', content: ['health'] },
    ],
  },

  Install: {
    summary: 'Install or upgrade the agent',
    tag: 'jobs',
    description: 'Answers at once with the queued job; follow it with GET /v1/jobs/{id}/watch. The same requestId again answers the same job.',
    body: { kind: 'message', required: true, description: `An InstallRequest in protobuf JSON. ${JSON_BODY}` },
    responses: [{ status: 200, description: 'The job, started.', content: ['output-json'] }],
    errors: {
      400: 'A field is missing or malformed (the message names it), or the body is not an InstallRequest in protobuf JSON.',
      404: 'packageName names no package in the repository.',
      409: 'The host does not allow it now: another agent operation runs, no package serves the OS, the passphrase file is not in a passphrase folder, ...',
      ...JSON_BODY_ERRORS,
      503: SHUTTING_DOWN,
    },
  },

  Register: {
    summary: 'Register the agent with a configuration server',
    tag: 'jobs',
    description: 'Answers at once with the queued job; follow it with GET /v1/jobs/{id}/watch. The same requestId again answers the same job.',
    body: { kind: 'message', required: true, description: `A RegisterRequest in protobuf JSON. ${JSON_BODY}` },
    responses: [{ status: 200, description: 'The job, started.', content: ['output-json'] }],
    errors: {
      400: 'A field is missing or malformed (the message names it), or the body is not a RegisterRequest in protobuf JSON.',
      409: 'The host does not allow it now: the agent is not installed, another agent operation runs, the passphrase file is not in a passphrase folder, ...',
      ...JSON_BODY_ERRORS,
      503: SHUTTING_DOWN,
    },
  },

  Uninstall: {
    summary: 'Uninstall the agent',
    tag: 'jobs',
    description:
      'Runs the documented uninstaller (Linux: <install location>/uninstall.sh -Y; Windows: MsiExec.exe /qn /x {275197FC-14FD-4560-A5EB-38217F80CBD1}). ' +
      `Answers at once with the queued job; follow it with GET /v1/jobs/{id}/watch. The same requestId again answers the same job. ${JSON_BODY}`,
    body: { kind: 'message', required: false, description: 'Nothing, {} or an UninstallRequest (its requestId makes a retry safe).' },
    responses: [{ status: 200, description: 'The job, started.', content: ['output-json'] }],
    errors: {
      400: 'The requestId is malformed, or the body is not an UninstallRequest in protobuf JSON.',
      409: 'The host does not allow it now: the agent is not installed, or another agent operation runs.',
      ...JSON_BODY_ERRORS,
      503: SHUTTING_DOWN,
    },
  },

  ListJobs: {
    summary: 'Jobs, newest first, paged',
    tag: 'jobs',
    query: {
      pageSize: {
        description: `At most this many jobs (0: the default, 20; more than ${MAX_PAGE_SIZE} is lowered to ${MAX_PAGE_SIZE}).`,
        schema: { type: 'integer', minimum: 0, maximum: 999_999_999 },
      },
      pageToken: { description: "The previous page's nextPageToken.", schema: { type: 'string' } },
    },
    responses: [{ status: 200, description: 'A page of jobs.', content: ['output-json'] }],
    errors: { 400: 'pageSize is not a whole number, pageToken is not one this API handed out, or another query parameter was given.' },
  },

  GetJob: {
    summary: 'One job',
    tag: 'jobs',
    pathParameters: { id: JOB_ID },
    responses: [{ status: 200, description: 'The job now.', content: ['output-json'] }],
    errors: { 404: 'No job has this id on this host.' },
  },

  WatchJob: {
    summary: 'Follow a job to its end',
    tag: 'jobs',
    description: 'NDJSON: one WatchJobResponse a line, now and after every change, until the job ends (then the response ends).',
    pathParameters: { id: JOB_ID },
    responses: [{ status: 200, description: 'The job, a line per change.', content: ['output-ndjson'] }],
    errors: { 404: 'No job has this id on this host.' },
  },

  CancelJob: {
    summary: 'Cancel a queued or running job',
    tag: 'jobs',
    description: `No body, or {} (or the job's own id). ${JSON_BODY}`,
    pathParameters: { id: JOB_ID },
    body: { kind: 'message', required: false, description: "Nothing, {} or a CancelJobRequest naming this job." },
    responses: [{ status: 200, description: 'The job after cancelling.', content: ['output-json'] }],
    errors: {
      400: "The body names another job, or is not a CancelJobRequest in protobuf JSON.",
      404: 'No job has this id on this host.',
      409: 'The job has ended already.',
      ...JSON_BODY_ERRORS,
      503: SHUTTING_DOWN,
    },
  },

  ListPackages: {
    summary: "The repository's installer packages",
    tag: 'packages',
    responses: [{ status: 200, description: 'The packages, newest version first, and the one Install picks.', content: ['output-json'] }],
  },

  UploadPackage: {
    summary: 'Store an installer package',
    tag: 'packages',
    description:
      "Push installation: sends an installer file into the host's package repository. The body is the file itself, streamed " +
      'into the repository as it arrives; it gets its name only once its size, sha256 and content were checked. ' +
      'Content-Type is not looked at.',
    rpcComment: false,
    pathParameters: { name: PACKAGE_NAME },
    query: {
      sha256: {
        description: 'The content\'s sha256, when the X-Content-SHA256 header is not sent (the header keeps it out of access logs).',
        schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
      },
    },
    headers: {
      'X-Content-SHA256': {
        description: "The content's sha256 in hex, of exactly one file; the upload fails when the content differs. Needed unless the sha256 query parameter is given.",
        schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
      },
      'Content-Length': {
        description: 'The file size in bytes (chunked uploads are refused: the size is checked as the content arrives).',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      },
    },
    body: { kind: 'binary', description: 'The installer file, as it is.' },
    responses: [
      { status: 201, description: 'Stored.', content: ['output-json'] },
      { status: 200, description: 'An identical package was there already (alreadyPresent); nothing was written.', content: ['output-json'] },
    ],
    errors: {
      400: 'The name does not follow the pattern, the sha256 is missing or malformed or does not match the content, or the content is not an installer.',
      409: 'A different package has that name (already_exists), or the content is not on the trust list (failed_precondition).',
      411: 'No Content-Length (code invalid_argument).',
      413: "The package is bigger than the daemon's maxPackageBytes (code resource_exhausted).",
      503: 'The upload was cut off before its declared size (code unavailable): send it again.',
      507: "The repository's quota has no room for it (code resource_exhausted).",
    },
  },

  DeletePackage: {
    summary: 'Remove an installer package',
    tag: 'packages',
    pathParameters: { name: PACKAGE_NAME },
    responses: [{ status: 200, description: 'Removed: the package as it was.', content: ['output-json'] }],
    errors: {
      400: 'The name does not follow the pattern.',
      404: 'No package of that name in the repository.',
      409: 'A queued or running install job uses it, or an upload of that name is in flight.',
    },
  },

  OpenAPI: {
    summary: 'This OpenAPI document',
    tag: 'service',
    description: 'Generated at build time from the proto descriptors and the route table; no credentials needed.',
    open: true,
    responses: [{ status: 200, description: 'The OpenAPI 3.1 document of this API.', content: ['openapi'] }],
  },
};
