/**
 * GET /v1/logs/:name's query string (and Last-Event-ID header) as the domain's
 * TailRequest (and the format asked for). Malformed values are rejected here, naming the query parameter
 * and what it accepts; the domain then checks them against the log itself.
 */
import type { Request } from 'express';
import { invalidArgument } from '../core/errors/app-error';
import { quoteValue } from '../../contract/quote-value';
import { MAX_LAST_LINES, type TailRequest } from '../core/logs/log-tailer';
import { parseResumeId } from './tail-formats';

const PARAMETERS = ['lines', 'follow', 'from', 'fileId', 'maxBytes', 'format'];

/** ?format= (text, ndjson, sse), checked by tailFormatOf; undefined when not given. */
export function formatParameter(req: Request): string | undefined {
  return single(req.query as Record<string, unknown>, 'format');
}

export function tailRequestOf(req: Request): TailRequest {
  const query = req.query as Record<string, unknown>;
  for (const key of Object.keys(query)) {
    if (!PARAMETERS.includes(key)) {
      throw invalidArgument(`unknown query parameter ${quoteValue(key)}; GET /v1/logs/NAME accepts ${PARAMETERS.join(', ')}`);
    }
  }
  const request: TailRequest = {
    log: req.params.name as string,
    follow: parseBoolean(query, 'follow'),
    lastLines: parseWhole(query, 'lines', MAX_LAST_LINES, `a whole number from 0 to ${MAX_LAST_LINES.toLocaleString('en-US')}`),
    startOffset: parseWhole(query, 'from', Number.MAX_SAFE_INTEGER, '0 or a byte offset a previous response gave (a chunk\'s nextOffset)'),
    fileId: single(query, 'fileId') || undefined,
    maxBytes: parseWhole(query, 'maxBytes', Number.MAX_SAFE_INTEGER, '0 (no limit) or a positive number of bytes'),
  };
  if (request.lastLines !== undefined && request.startOffset !== undefined) {
    throw invalidArgument('query parameters "lines" and "from" exclude each other: ask for the last N lines or resume from an offset, not both');
  }
  if (request.fileId !== undefined && request.startOffset === undefined) {
    throw invalidArgument('query parameter "fileId" only makes sense with "from" (the file the offset belongs to)');
  }
  // An SSE client reconnecting (EventSource) repeats the URL and sends the id of
  // the last event it received: that position replaces the URL's own.
  const lastEventId = req.get('Last-Event-ID');
  if (lastEventId !== undefined && lastEventId !== '') {
    const resume = parseResumeId(lastEventId);
    if (!resume) {
      throw invalidArgument(
        `header Last-Event-ID ${quoteValue(lastEventId)} is not an event id this API sent: expected OFFSET or OFFSET@FILEID, with OFFSET from 0 to ${Number.MAX_SAFE_INTEGER}`,
      );
    }
    request.lastLines = undefined;
    request.startOffset = resume.offset;
    request.fileId = resume.fileId;
  }
  return request;
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidArgument(`query parameter "${name}" must be given once, as a plain value`);
  return value;
}

function parseWhole(query: Record<string, unknown>, name: string, max: number, accepted: string): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    throw invalidArgument(`query parameter "${name}" must be ${accepted}, not ${quoteValue(text)}`);
  }
  return value;
}

function parseBoolean(query: Record<string, unknown>, name: string): boolean {
  const text = single(query, name);
  if (text === undefined || text === 'false' || text === '0') return false;
  if (text === '' || text === 'true' || text === '1') return true;
  throw invalidArgument(`query parameter "${name}" must be true or false, not ${quoteValue(text)}`);
}
