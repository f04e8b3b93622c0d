/**
 * The NDJSON records of `mobilityctl logs --json`, one per line. Offsets and file
 * ids are there so a script can resume exactly: --from nextOffset --file-id fileId.
 */
import { LogEventKind, type LogChunk, type LogEvent } from '../../gen/mobility/v1/agent_control_pb';

export interface ChunkRecord {
  offset: number;
  nextOffset: number;
  fileId: string;
  /** The chunk's lines, decoded as UTF-8, without their "\n". */
  lines: string[];
  /** Present (true) for lines of a file rotated away: not a place to resume from. */
  previousFile?: true;
}

export interface EventRecord {
  /** waiting, opened, rotated, truncated, caught_up, removed or different_file. */
  event: string;
  fileId: string;
  offset: number;
  message: string;
}

export function chunkRecord(chunk: LogChunk): ChunkRecord {
  const text = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength).toString('utf8');
  // Every chunk holds whole lines, so the text ends in "\n": drop the empty tail.
  const lines = text.split('\n').slice(0, -1);
  const record: ChunkRecord = { offset: Number(chunk.offset), nextOffset: Number(chunk.nextOffset), fileId: chunk.fileId, lines };
  if (chunk.previousFile) record.previousFile = true;
  return record;
}

export function eventRecord(event: LogEvent): EventRecord {
  const name = LogEventKind[event.kind]?.toLowerCase() ?? `kind_${event.kind}`;
  return { event: name, fileId: event.fileId, offset: Number(event.offset), message: event.message };
}
