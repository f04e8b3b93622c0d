/**
 * TailLog's domain logic: validate a request against the catalog and the file,
 * then stream whole lines — the requested backfill first, then (follow) the
 * live feed of the file's shared FileTail, with no gap and no duplicate at the
 * hand-over: the backfill ends exactly where the live feed's snapshot starts.
 */
import { invalidArgument, notFound, outOfRange, fromFsError } from '../errors/app-error';
import { cutValue, quoteValue } from '../../../contract/quote-value';
import type { ChunkItem } from './file-tail';
import type { LogCatalog } from './log-catalog';
import { LiveQueue } from './live-queue';
import { countLines, endOfLastLine, isLineStart, lastNewline, startOfLastLines } from './line-scan';
import type { ReadHistory } from './read-history';
import { wasRotatedAway } from './rotated-away';
import { isFileId, SharedFd } from './shared-fd';
import type { TailRegistry } from './tail-registry';

export const MAX_LAST_LINES = 1_000_000;
/** Backfill reads and messages: large enough that per-message costs vanish, far below gRPC's 4 MiB default limit. */
const READ_BLOCK = 1024 * 1024;

export interface TailRequest {
  log: string;
  lastLines?: number;
  follow: boolean;
  startOffset?: number;
  /**
   * The file generation startOffset belongs to. The current file's id: the
   * offset is checked (a truncation since restarts at 0). Another id: the
   * stream restarts at 0, saying whether that file was rotated away or is not
   * one this log has had.
   */
  fileId?: string;
  /** Stop after this many content bytes (0 or undefined: no limit). */
  maxBytes?: number;
}

export type TailEventKind = 'waiting' | 'opened' | 'rotated' | 'truncated' | 'caught_up' | 'removed' | 'different_file';

export type TailItem = ChunkItem | { kind: 'event'; event: TailEventKind; fileId: string; offset: number; message: string };

export interface TailStream extends AsyncIterable<TailItem> {
  /** Ends the stream and frees its subscription and descriptors; safe to call twice. */
  close(): void;
}

interface StartPlan {
  start: number;
  events: TailItem[];
}

export class LogTailer {
  private readonly streams = new Set<TailStream>();

  constructor(
    private readonly catalog: LogCatalog,
    private readonly registry: TailRegistry,
  ) {}

  /** Validates and positions; throws AppError before anything is streamed. */
  async open(request: TailRequest): Promise<TailStream> {
    validate(request);
    const entry = this.catalog.resolve(request.log);
    const history = this.registry.history;
    const inner = request.follow ? await this.openFollow(entry.path, request) : await openOnce(entry.path, request, history);
    const stream = request.maxBytes ? limitBytes(inner, request.maxBytes) : inner;
    return this.track(stream);
  }

  /** Ends every open stream (daemon shutdown): followers see a clean end of stream. */
  closeAll(): void {
    for (const stream of [...this.streams]) stream.close();
  }

  openCount(): number {
    return this.streams.size;
  }

  private track(stream: TailStream): TailStream {
    const close = () => {
      this.streams.delete(tracked);
      stream.close();
    };
    const tracked: TailStream = {
      close,
      async *[Symbol.asyncIterator]() {
        try {
          yield* stream;
        } finally {
          close();
        }
      },
    };
    this.streams.add(tracked);
    return tracked;
  }

  private async openFollow(file: string, request: TailRequest): Promise<TailStream> {
    const tail = this.registry.acquire(file);
    const queue = new LiveQueue();
    const snapshot = tail.subscribe(queue.push);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      tail.unsubscribe(queue.push);
      this.registry.release(tail);
      snapshot.file?.release();
      queue.close();
    };
    try {
      const plan = snapshot.file
        ? await planStart(snapshot.file, snapshot.offset, request, { path: file, history: this.registry.history })
        : { start: 0, events: [event('waiting', '', 0, `${file} does not exist yet; waiting for it`)] };
      return {
        close,
        async *[Symbol.asyncIterator]() {
          try {
            yield* plan.events;
            if (snapshot.file) {
              yield* backfill(snapshot.file, plan.start, snapshot.offset);
              snapshot.file.release();
              const fileId = snapshot.file.fileId;
              snapshot.file = undefined;
              yield event('caught_up', fileId, snapshot.offset, 'caught up; following new lines');
            }
            for (let item = await queue.next(); item && !closed; item = await queue.next()) yield item;
          } finally {
            close();
          }
        },
      };
    } catch (err) {
      close();
      throw err;
    }
  }
}

async function openOnce(file: string, request: TailRequest, history: ReadHistory): Promise<TailStream> {
  let handle: SharedFd;
  try {
    handle = SharedFd.openSync(file);
  } catch (err) {
    const e = fromFsError(err, `log "${request.log}"`, file);
    if (e.code !== 'not_found') throw e;
    throw notFound(`log "${request.log}" (${file}) does not exist yet; follow it (-f) to wait for it to appear`);
  }
  let closed = false;
  const close = () => {
    if (!closed) handle.release();
    closed = true;
  };
  try {
    const end = await endOfLastLine(handle, handle.sizeSync());
    const plan = await planStart(handle, end, request, { path: file, history });
    return {
      close,
      async *[Symbol.asyncIterator]() {
        try {
          yield* plan.events;
          yield* backfill(handle, plan.start, end);
        } finally {
          close();
        }
      },
    };
  } catch (err) {
    close();
    throw err;
  }
}

function validate(request: TailRequest): void {
  const { lastLines, startOffset, maxBytes } = request;
  if (lastLines !== undefined && startOffset !== undefined) {
    throw invalidArgument('last_lines and start_offset exclude each other: ask for the last N lines or resume from an offset, not both');
  }
  if (lastLines !== undefined && (!Number.isSafeInteger(lastLines) || lastLines < 0 || lastLines > MAX_LAST_LINES)) {
    throw invalidArgument(`last_lines must be a whole number from 0 to ${MAX_LAST_LINES.toLocaleString('en-US')}, not ${lastLines}`);
  }
  if (startOffset !== undefined && (!Number.isSafeInteger(startOffset) || startOffset < 0)) {
    throw invalidArgument(`start_offset must be 0 or a positive byte offset from a previous TailLog response, not ${startOffset}`);
  }
  if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
    throw invalidArgument(`max_bytes must be 0 (no limit) or a positive number of bytes, not ${maxBytes}`);
  }
  // Another host's or log's id is answered with a DIFFERENT_FILE event; what no host could have handed out is refused.
  if (request.fileId !== undefined && !isFileId(request.fileId)) {
    throw invalidArgument(
      `file_id ${quoteValue(request.fileId)} is not a file id this API hands out (DEVICE:INODE, two whole numbers such as "65024:5317503"); ` +
        'pass the file_id of the chunk whose next_offset you resume from, or none',
    );
  }
}

interface LogFile {
  /** The log's path, where rotated copies of it lie next to it. */
  path: string;
  history: ReadHistory;
}

/** Where the stream starts; `end` is the end of the last whole line available now. */
async function planStart(file: SharedFd, end: number, request: TailRequest, log: LogFile): Promise<StartPlan> {
  const { lastLines, startOffset, fileId } = request;
  // Compare with what was read before, then remember what this stream hands out.
  const verdict = await log.history.check(file);
  await log.history.recordEnd(file, end);
  if (lastLines !== undefined) return { start: await startOfLastLines(file, end, lastLines), events: [] };
  if (startOffset === undefined) return { start: request.follow ? end : 0, events: [] };
  const name = request.log;
  if (fileId && fileId !== file.fileId) {
    const id = cutValue(fileId); // the client's words, echoed: bounded
    if (await wasRotatedAway(log.path, fileId, log.history)) {
      return restart('rotated', file, `log "${name}" was rotated since file id ${id}; streaming the current file from its start`);
    }
    return restart('different_file', file, `the file of log "${name}" is a different one than file id ${id}: starting at its beginning`);
  }
  const atLineStart = startOffset <= end && (await isLineStart(file, startOffset));
  // An offset within content the file no longer holds: stale after a truncation, not wrong.
  if (fileId && startOffset > 0 && startOffset <= verdict.truncatedFrom && (verdict.changedNow || !atLineStart)) {
    return restart('truncated', file, `log "${name}" was truncated since offset ${startOffset}; streaming it from its start`);
  }
  if (atLineStart) return { start: startOffset, events: [] };
  const size = file.sizeSync();
  if (startOffset > size) {
    throw outOfRange(
      `start_offset ${startOffset} is past the end of log "${name}" (${size} bytes); resume from a next_offset a TailLog response gave you, or start at 0`,
    );
  }
  throw invalidArgument(
    `start_offset ${startOffset} is inside a line of log "${name}"; resume from a next_offset a TailLog response gave you, or start at 0`,
  );
}

function restart(kind: 'rotated' | 'truncated' | 'different_file', file: SharedFd, message: string): StartPlan {
  return { start: 0, events: [event(kind, file.fileId, 0, message)] };
}

/** Whole lines from [start, end) in newline-aligned blocks. */
async function* backfill(file: SharedFd, start: number, end: number): AsyncGenerator<TailItem> {
  let size = READ_BLOCK;
  for (let offset = start; offset < end; ) {
    const length = Math.min(size, end - offset);
    const buffer = Buffer.allocUnsafe(length);
    const n = await file.read(buffer, length, offset);
    if (n === 0) return; // truncated under us: the live feed reports it
    const cut = offset + n === end ? n : lastNewline(buffer.subarray(0, n)) + 1;
    if (cut === 0) {
      size *= 2; // a line longer than the block: read a bigger one
      continue;
    }
    const data = buffer.subarray(0, cut);
    yield { kind: 'chunk', fileId: file.fileId, offset, data, lines: countLines(data) };
    offset += cut;
    size = READ_BLOCK;
  }
}

function event(kind: TailEventKind, fileId: string, offset: number, message: string): TailItem {
  return { kind: 'event', event: kind, fileId, offset, message };
}

/** Ends the stream at the last line boundary within the budget (at least one line). */
function limitBytes(source: TailStream, maxBytes: number): TailStream {
  return {
    close: () => source.close(),
    async *[Symbol.asyncIterator]() {
      let left = maxBytes;
      let sentAny = false;
      for await (const item of source) {
        if (item.kind !== 'chunk') {
          yield item;
          continue;
        }
        if (item.data.length <= left) {
          yield item;
          left -= item.data.length;
          sentAny = true;
          if (left === 0) break;
          continue;
        }
        let cut = lastNewline(item.data.subarray(0, left)) + 1;
        if (cut === 0 && !sentAny) cut = item.data.indexOf(0x0a) + 1;
        if (cut > 0) {
          const data = item.data.subarray(0, cut);
          yield { ...item, data, lines: countLines(data) };
        }
        break;
      }
      source.close();
    },
  };
}
