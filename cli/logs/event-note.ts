/**
 * The short stderr notes for TailLog events in text mode. They go to stderr so
 * stdout stays exactly the log's bytes (safe to redirect or pipe).
 */
import { LogEventKind, type LogEvent } from '../../gen/mobility/v1/agent_control_pb';

/**
 * The note for an event, or undefined for events people need not see
 * (CAUGHT_UP). `requestedFileId` is the --file-id the user gave, if any.
 */
export function eventNote(event: LogEvent, log: string, follow: boolean, requestedFileId = ''): string | undefined {
  const reading = follow ? 'following' : 'reading';
  switch (event.kind) {
    case LogEventKind.CAUGHT_UP:
      return undefined;
    case LogEventKind.WAITING:
      return `${log} log does not exist yet; waiting for it to appear`;
    case LogEventKind.OPENED:
      return `${log} log appeared; ${reading} it from the start`;
    case LogEventKind.ROTATED:
      return `${log} log was rotated; ${follow ? 'following the new file' : 'reading the current file from its start'}`;
    case LogEventKind.TRUNCATED:
      return `${log} log was truncated; ${reading} it from the start`;
    case LogEventKind.REMOVED:
      return `${log} log was removed or renamed; waiting for it to come back`;
    case LogEventKind.DIFFERENT_FILE:
      return `${log} log file is a different one than ${requestedFileId ? `file id ${requestedFileId}` : 'the file id given'}: ${reading} it from its beginning`;
    default:
      // An event kind newer than this CLI: the daemon's sentence still helps.
      return event.message || undefined;
  }
}
