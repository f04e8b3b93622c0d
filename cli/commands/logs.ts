/** `mobilityctl logs NAME`: TailLog, like tail / tail -F. */
import { ensureReachable } from '../../client/connection/ensure-reachable';
import { withClient } from '../connection';
import { ExitCode } from '../errors/exit-codes';
import { GLOBAL_OPTIONS_HELP } from '../global-options';
import { ndjsonPrinter, textPrinter } from '../logs/log-printers';
import { DEFAULT_LAST_LINES, LOGS_OPTIONS, parseLogsOptions, type LogsOptions } from '../logs/logs-options';
import { printTail, type ResumePoint } from '../logs/print-tail';
import { stdoutSink } from '../output/stdout-sink';
import type { Command } from './command';

export const logsCommand: Command = {
  name: 'logs',
  summary: 'show or follow a log (installer, configurator, ...), like tail -F',
  help: `Usage: mobilityctl logs NAME [-n N | --from OFFSET [--file-id ID]] [-f] [--max-bytes N]
                       [--host ADDR] [--json] [--timeout MS]

Prints a log from mobilityd's catalog (\`mobilityctl status\` lists them, e.g.
installer, configurator). Log lines go to stdout exactly as the file has them;
notes about the file (waiting for it, rotated, truncated, removed) go to stderr.

Options:
  -n, --lines N     start with the last N lines (default ${DEFAULT_LAST_LINES}; 0 = none)
  --from OFFSET     start at a byte offset instead: 0, or a nextOffset printed by --json
  --file-id ID      with --from: the fileId the offset belongs to (from --json). If
                    the log was rotated or truncated since, or ID is not its file's,
                    it says so and starts at the current file's beginning; an
                    offset that is wrong for the file is an error (exit 1)
  -f, --follow      keep printing new lines, across rotation, until Ctrl-C (exit 0)
  --max-bytes N     stop after about N bytes of log content (whole lines)

With --json, prints one JSON object per line (NDJSON):
  {"offset":0,"nextOffset":42,"fileId":"...","lines":["...","..."]}   for log lines
  {"event":"rotated","fileId":"...","offset":0,"message":"..."}       for events
Resume where a run stopped with: --from <last nextOffset> --file-id <its fileId>
(of the last line record without "previousFile": true, which marks lines still
written to a file rotated away).

${GLOBAL_OPTIONS_HELP}`,
  options: LOGS_OPTIONS,

  async run(args, global) {
    const options = parseLogsOptions(args);
    return withClient(global, async (client) => {
      // The stream has no deadline (it may follow forever), so check the daemon is there first.
      await ensureReachable(client, global.timeoutMs);
      const out = stdoutSink();
      const printer = global.json ? ndjsonPrinter(out) : textPrinter(out, options.log, options.follow, options.request.fileId);
      const result = await printTail(client.tailLog(options.request), printer, out);
      if (result.stopped || !options.follow || options.maxBytes > 0) return ExitCode.Ok;
      // Only this side ends a plain follow; the daemon ending it means it is going away.
      process.stderr.write(
        `mobilityctl: mobilityd at ${client.address} ended the stream (is it shutting down?); ${resumeHint(options, result.resume)}\n`,
      );
      return ExitCode.Unreachable;
    });
  },
};

function resumeHint(options: LogsOptions, resume: ResumePoint | undefined): string {
  if (!resume) return `run \`mobilityctl logs ${options.log} -f\` again once it is back`;
  const fileId = resume.fileId ? ` --file-id ${resume.fileId}` : '';
  return `resume with \`mobilityctl logs ${options.log} -f --from ${resume.offset}${fileId}\``;
}
