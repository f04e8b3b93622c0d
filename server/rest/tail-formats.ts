/**
 * The two wire formats of GET /v1/logs/:name. Both carry the protobuf JSON of
 * the TailLogResponse that gRPC streams for the same item.
 *
 * NDJSON (application/x-ndjson, the default): one TailLogResponse per line;
 *   a failure after the stream started is a last line {"error":{"code","message"}}.
 *
 * Server-Sent Events (text/event-stream, when the client's Accept asks for it):
 *   event: chunk | event          data: the TailLogResponse JSON
 *   id: OFFSET@FILEID             the position to resume from, so an EventSource
 *                                 that reconnects (Last-Event-ID) resumes exactly;
 *                                 FILEID lets the daemon notice a rotation in between
 *   event: failure                data: {"code","message"} — a failure after the start
 *                                 (not "error": EventSource reserves that name)
 *   event: end                    data: {} — a finite stream (no follow) is complete;
 *                                 close the EventSource, or it reconnects
 */
import { toJson } from '@bufbuild/protobuf';
import { TailLogResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { TailItem } from '../core/logs/log-tailer';
import { toTailLogResponse } from '../core/logs/tail-log-message';
import type { ErrorBody } from './error-response';

export interface TailFormat {
  contentType: string;
  item(item: TailItem): string;
  failure(error: ErrorBody): string;
  /** What ends a complete stream ('' for nothing). */
  end(): string;
}

export const NDJSON: TailFormat = {
  contentType: 'application/x-ndjson',
  item: (item) => `${JSON.stringify(toJson(TailLogResponseSchema, toTailLogResponse(item)))}\n`,
  failure: (error) => `${JSON.stringify({ error })}\n`,
  end: () => '',
};

export const SSE: TailFormat = {
  contentType: 'text/event-stream',
  item(item) {
    const data = JSON.stringify(toJson(TailLogResponseSchema, toTailLogResponse(item)));
    const id = resumeIdOf(item);
    return `event: ${item.kind}\n${id ? `id: ${id}\n` : ''}data: ${data}\n\n`;
  },
  failure: (error) => `event: failure\ndata: ${JSON.stringify(error)}\n\n`,
  end: () => 'event: end\ndata: {}\n\n',
};

/**
 * Where a client that has received `item` resumes: a chunk's next offset, or an
 * event's offset (the proto defines it as the resume offset at the time of the
 * event), in the file generation it belongs to. Undefined while there is no file.
 */
export function resumeIdOf(item: TailItem): string | undefined {
  if (!item.fileId) return undefined;
  const offset = item.kind === 'chunk' ? item.offset + item.data.length : item.offset;
  return `${offset}@${item.fileId}`;
}

/** An id resumeIdOf produced (or a bare offset): the position, or undefined when malformed. */
export function parseResumeId(id: string): { offset: number; fileId?: string } | undefined {
  const match = /^(\d{1,16})(?:@(.+))?$/.exec(id.trim());
  if (!match) return undefined;
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset)) return undefined;
  return { offset, fileId: match[2] };
}
