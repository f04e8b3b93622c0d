/** `mobilityctl logs` flags, validated locally so a bad value never reaches the daemon. */
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { TailLogRequestSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { OptionSpec, ParsedArgs } from '../command-line';
import { UsageError } from '../errors/cli-error';
import { parseWholeNumber } from '../whole-number';

/** Like tail: the last 10 lines unless told otherwise. */
export const DEFAULT_LAST_LINES = 10;
/** TailLogRequest.last_lines' limit (agent_control.proto). */
const MAX_LAST_LINES = 1_000_000;

export const LOGS_OPTIONS = {
  lines: { type: 'string', short: 'n' },
  follow: { type: 'boolean', short: 'f' },
  from: { type: 'string' },
  'file-id': { type: 'string' },
  'max-bytes': { type: 'string' },
} satisfies OptionSpec;

export interface LogsOptions {
  log: string;
  follow: boolean;
  /** 0 = no limit. */
  maxBytes: number;
  request: MessageInitShape<typeof TailLogRequestSchema>;
}

export function parseLogsOptions(args: ParsedArgs): LogsOptions {
  const v = args.values as Record<string, string | undefined> & { follow?: boolean };
  const log = logName(args.positionals);
  if (v.lines !== undefined && v.from !== undefined) {
    throw new UsageError('-n and --from exclude each other: show the last N lines, or resume from an offset', 'logs');
  }
  if (v['file-id'] !== undefined && v.from === undefined) {
    throw new UsageError('--file-id belongs to an offset: pass it with --from OFFSET', 'logs');
  }
  const number = (flag: string, text: string, meaning: string, max?: number) =>
    parseWholeNumber(text, { flag, meaning, max, command: 'logs' });
  const follow = v.follow === true;
  const maxBytes = v['max-bytes'] === undefined ? 0 : number('--max-bytes', v['max-bytes'], 'a byte count');
  const request: LogsOptions['request'] = { log, follow, maxBytes: BigInt(maxBytes), fileId: v['file-id'] ?? '' };
  if (v.from !== undefined) {
    request.startOffset = BigInt(number('--from', v.from, 'a byte offset'));
  } else {
    const lines = v.lines === undefined ? DEFAULT_LAST_LINES : number('-n', v.lines, 'a line count', MAX_LAST_LINES);
    request.lastLines = BigInt(lines);
  }
  return { log, follow, maxBytes, request };
}

function logName(positionals: string[]): string {
  if (positionals.length === 0) {
    throw new UsageError('name the log to show, e.g. `mobilityctl logs installer` (`mobilityctl status` lists the logs)', 'logs');
  }
  if (positionals.length > 1) {
    throw new UsageError(`logs shows one log at a time, but got: ${positionals.join(' ')}`, 'logs');
  }
  return positionals[0];
}
