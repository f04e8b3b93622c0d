/**
 * The wire formats of GET /v1/logs/:name. NDJSON and SSE carry the protobuf
 * JSON of the TailLogResponse that gRPC streams for the same item (a chunk's
 * `data` is base64 there: it is a bytes field); text carries the lines alone.
 *
 * NDJSON (application/x-ndjson, the default): one TailLogResponse per line;
 *   a failure after the stream started is a last line {"error":{"code","message"}}.
 *
 * Server-Sent Events (text/event-stream, when the client's Accept asks for it):
 *   event: chunk | event          data: the TailLogResponse JSON
 *   id: OFFSET@FILEID             the position to resume from, so an EventSource
 *                                 that reconnects (Last-Event-ID) resumes exactly;
 *                                 FILEID lets the daemon notice a rotation in between
 *                                 (none on a chunk with previousFile: not a resume point)
 *   event: failure                data: {"code","message"} — a failure after the start
 *                                 (not "error": EventSource reserves that name)
 *   event: end                    data: {} — a finite stream (no follow) is complete;
 *                                 close the EventSource, or it reconnects
 *
 * Text (text/plain; charset=utf-8, for Accept: text/plain or ?format=text):
 *   the log's bytes exactly as in the file, whole lines, as `kubectl logs`
 *   prints them; events are not shown. A failure after the start has no place
 *   in the text: the connection is cut before the end of the chunked body, so
 *   a client sees an incomplete response (curl: exit 18), never a clean end.
 */
import { toJson } from '@bufbuild/protobuf';
import { TailLogResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { TailItem } from '../core/logs/log-tailer';
import { toTailLogResponse } from '../core/logs/tail-log-message';
import { invalidArgument } from '../core/errors/app-error';
import { quoteValue } from '../../contract/quote-value';
import type { ErrorBody } from './error-response';

const NDJSON_TYPE = 'application/x-ndjson';
const SSE_TYPE = 'text/event-stream';
const TEXT_TYPE = 'text/plain';

export interface TailFormat {
  /** The Content-Type header. */
  contentType: string;
  item(item: TailItem): string | Buffer;
  /** A failure after the start; undefined: the format has no way to say it, cut the connection. */
  failure(error: ErrorBody): string | undefined;
  /** What ends a complete stream ('' for nothing). */
  end(): string;
}

export const NDJSON: TailFormat = {
  contentType: NDJSON_TYPE,
  item: (item) => `${JSON.stringify(toJson(TailLogResponseSchema, toTailLogResponse(item)))}\n`,
  failure: (error) => `${JSON.stringify({ error })}\n`,
  end: () => '',
};

export const SSE: TailFormat = {
  contentType: `${SSE_TYPE}; charset=utf-8`,
  item(item) {
    const data = JSON.stringify(toJson(TailLogResponseSchema, toTailLogResponse(item)));
    const id = resumeIdOf(item);
    return `event: ${item.kind}\n${id ? `id: ${id}\n` : ''}data: ${data}\n\n`;
  },
  failure: (error) => `event: failure\ndata: ${JSON.stringify(error)}\n\n`,
  end: () => 'event: end\ndata: {}\n\n',
};

export const TEXT: TailFormat = {
  contentType: `${TEXT_TYPE}; charset=utf-8`,
  item: (item) => (item.kind === 'chunk' ? item.data : ''),
  failure: () => undefined,
  end: () => '',
};

const FORMATS: Record<string, TailFormat> = { ndjson: NDJSON, sse: SSE, text: TEXT };

/**
 * The format a request asks for: ?format= (text, ndjson, sse) first, else by
 * Accept (NDJSON unless text/event-stream or text/plain is preferred).
 */
export function tailFormatOf(format: string | undefined, accepts: (types: string[]) => string | false): TailFormat {
  if (format !== undefined) {
    const chosen = FORMATS[format];
    if (!chosen) throw invalidArgument(`query parameter "format" must be text, ndjson or sse, not ${quoteValue(format)}`);
    return chosen;
  }
  const preferred = accepts([NDJSON_TYPE, SSE_TYPE, TEXT_TYPE]);
  return preferred === SSE_TYPE ? SSE : preferred === TEXT_TYPE ? TEXT : NDJSON;
}

/**
 * Where a client that has received `item` resumes: a chunk's next offset, or an
 * event's offset (the proto defines it as the resume offset at the time of the
 * event), in the file generation it belongs to. Undefined while there is no file.
 */
export function resumeIdOf(item: TailItem): string | undefined {
  // A rotated file's late lines carry no id: Last-Event-ID stays the current file's position.
  if (!item.fileId || (item.kind === 'chunk' && item.previousFile)) return undefined;
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
