/**
 * Where TailLog's messages go. Text: raw line bytes to stdout, event notes to
 * stderr. JSON: every message as one NDJSON record on stdout.
 */
import type { LogChunk, LogEvent } from '../../gen/mobility/v1/agent_control_pb';
import type { StdoutSink } from '../output/stdout-sink';
import { eventNote } from './event-note';
import { chunkRecord, eventRecord } from './ndjson-records';

export interface LogPrinter {
  chunk(chunk: LogChunk): Promise<void>;
  event(event: LogEvent): Promise<void>;
}

/** `requestedFileId`: the --file-id given, which a DIFFERENT_FILE note names. */
export function textPrinter(out: StdoutSink, log: string, follow: boolean, requestedFileId = ''): LogPrinter {
  return {
    // The bytes as the file has them: no decoding, so any encoding survives.
    chunk: (chunk) => out.write(chunk.data),
    async event(event) {
      const note = eventNote(event, log, follow, requestedFileId);
      if (note) process.stderr.write(`mobilityctl: ${note}\n`);
    },
  };
}

export function ndjsonPrinter(out: StdoutSink): LogPrinter {
  return {
    chunk: (chunk) => out.write(`${JSON.stringify(chunkRecord(chunk))}\n`),
    event: (event) => out.write(`${JSON.stringify(eventRecord(event))}\n`),
  };
}
