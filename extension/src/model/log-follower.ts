/**
 * Follows one catalog log of one host like `tail -F`, for as long as it is
 * wanted, across lost connections: after a stream fails or ends it reconnects
 * with backoff and resumes at the last next_offset and file_id, so no line is
 * lost and none is shown twice (lines the daemon sends again before the resume
 * point are dropped). If the log was rotated or truncated meanwhile, the daemon
 * says so and the follower goes on from the new file's start. Lines a writer
 * still appends to a file rotated away arrive marked previous_file: they are
 * shown, but the resume point stays in the current file.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ServerStream } from '../../../client/calls/server-stream';
import { ClientError } from '../../../client/errors/client-error';
import type { ErrorCode } from '../../../contract/error-codes';
import {
  LogEventKind,
  type LogChunk,
  type LogEvent,
  type TailLogRequestSchema,
  type TailLogResponse,
} from '../../../gen/mobility/v1/agent_control_pb';
import { hostProblem } from './host-errors';

export type TailRequest = MessageInitShape<typeof TailLogRequestSchema>;
export type LineLevel = 'error' | 'warn' | 'info';

export interface LogLine {
  text: string;
  level: LineLevel;
  /** Byte offset of the line in its file, and the file's id. */
  offset: number;
  fileId: string;
}

export interface LogSink {
  lines(lines: LogLine[]): void;
  /** Something about the follow itself (waiting, rotated, connection lost, resumed), not a log line. */
  note(level: LineLevel, text: string): void;
}

export interface ResumePoint {
  offset: number;
  fileId: string;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000, factor: 2 };

export interface LogFollowerOptions {
  /** Catalog name, e.g. "installer". */
  log: string;
  /**
   * Opens a TailLog stream. `reconnect` is true after a failure, so the
   * caller can dial afresh (and pick up an address that changed meanwhile).
   */
  open(request: TailRequest, reconnect: boolean): ServerStream<TailLogResponse>;
  /** Lines of history to show first (0 = only what is written from now on). */
  lastLines: number;
  sink: LogSink;
  backoff?: Backoff;
  /** Words for notes, e.g. "web-01 (10.0.0.4:50051)". */
  hostLabel?: string;
}

/** Error lines stand out: ERROR as a word, or "failed"/"fatal" anywhere, in any case. */
export function classifyLogLine(text: string): LineLevel {
  if (/\bERROR\b|failed|fatal/i.test(text)) return 'error';
  if (/\bWARN(ING)?\b/i.test(text)) return 'warn';
  return 'info';
}

const decoder = new TextDecoder('utf-8');

/** Whole lines of a chunk (each ends in "\n"); a trailing "\r" is dropped. */
export function chunkLines(data: Uint8Array, offset: number, fileId: string): LogLine[] {
  const lines: LogLine[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0x0a) continue;
    const text = decoder.decode(data.subarray(start, data[i - 1] === 0x0d && i > start ? i - 1 : i));
    lines.push({ text, level: classifyLogLine(text), offset: offset + start, fileId });
    start = i + 1;
  }
  if (start < data.length) {
    const text = decoder.decode(data.subarray(start));
    lines.push({ text, level: classifyLogLine(text), offset: offset + start, fileId });
  }
  return lines;
}

/** Codes after which trying again cannot help: the request itself is wrong for this host. */
const FINAL_CODES = new Set<ErrorCode>(['not_found', 'permission_denied', 'unimplemented', 'failed_precondition', 'unauthenticated']);

export class LogFollower {
  private stopped = false;
  private stream?: ServerStream<TailLogResponse>;
  private wake?: () => void;
  private resumePoint?: ResumePoint;
  private lastLines: number;
  private readonly backoff: Backoff;
  /** Resolves when the follower has stopped (stop(), or an error retrying cannot fix). */
  readonly done: Promise<void>;
  private finish!: () => void;
  /** How many times it reconnected after a loss (for tests and the channel's notes). */
  reconnects = 0;

  constructor(private readonly options: LogFollowerOptions) {
    this.lastLines = options.lastLines;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** Where a reconnect would resume, once anything has arrived. */
  get resume(): ResumePoint | undefined {
    return this.resumePoint && { ...this.resumePoint };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): this {
    void this.run().finally(() => {
      this.stopped = true;
      this.finish();
    });
    return this;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stream?.cancel();
    this.wake?.();
  }

  private request(): TailRequest {
    const { log } = this.options;
    if (this.resumePoint) {
      return { log, follow: true, startOffset: BigInt(this.resumePoint.offset), fileId: this.resumePoint.fileId };
    }
    return { log, follow: true, lastLines: BigInt(this.lastLines) };
  }

  private async run(): Promise<void> {
    const { sink } = this.options;
    const who = this.options.hostLabel ? ` to ${this.options.hostLabel}` : '';
    let delay = this.backoff.initialMs;
    let lost: string | undefined; // why the last stream ended, while not reconnected yet
    let attempt = 0;
    while (!this.stopped) {
      const reconnect = attempt++ > 0;
      const request = this.request();
      let stream: ServerStream<TailLogResponse>;
      try {
        stream = this.stream = this.options.open(request, reconnect);
      } catch (err) {
        sink.note('error', `cannot follow the ${this.options.log} log: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      let reason: string;
      try {
        for await (const { item } of stream) {
          if (this.stopped) break;
          if (lost !== undefined) {
            this.reconnects += 1;
            const at = this.resumePoint ? `at offset ${this.resumePoint.offset}` : 'from the last lines';
            sink.note('info', `reconnected${who}; resuming ${at}`);
            lost = undefined;
          }
          delay = this.backoff.initialMs;
          if (item.case === 'chunk') this.chunk(item.value);
          else if (item.case === 'event') this.event(item.value);
        }
        if (this.stopped) return;
        reason = 'mobilityd ended the stream (it may be restarting)';
      } catch (err) {
        if (this.stopped) return;
        const error = ClientError.from(err);
        if (error.reason === 'rejected' && FINAL_CODES.has(error.code)) {
          sink.note('error', `stopped following the ${this.options.log} log: ${error.rawMessage}`);
          return;
        }
        if (error.reason === 'rejected' && this.resumePoint && (error.code === 'out_of_range' || error.code === 'invalid_argument')) {
          // The file is not what the resume point says any more and the daemon could not tell how.
          sink.note('warn', `cannot resume at offset ${this.resumePoint.offset}: ${error.rawMessage}; following from the end of the log`);
          this.resumePoint = undefined;
          this.lastLines = 0;
          continue;
        }
        reason = hostProblem(error).message;
      } finally {
        stream.cancel();
      }
      if (lost === undefined) sink.note('warn', `connection lost${who} (${reason}); reconnecting with backoff, from where it stopped`);
      lost = reason;
      await this.sleep(delay);
      delay = Math.min(this.backoff.maxMs, Math.round(delay * this.backoff.factor));
    }
  }

  private chunk(chunk: LogChunk): void {
    if (chunk.previousFile) {
      // A rotated file's late lines: shown once as they come, never a place to resume from.
      const lines = chunkLines(chunk.data, Number(chunk.offset), chunk.fileId);
      if (lines.length) this.options.sink.lines(lines);
      return;
    }
    let data = chunk.data;
    let offset = Number(chunk.offset);
    const next = Number(chunk.nextOffset);
    const resume = this.resumePoint;
    if (resume && resume.fileId === chunk.fileId && offset < resume.offset) {
      // Already shown: drop the bytes before the resume point (offsets are line starts).
      if (next <= resume.offset) return;
      data = data.subarray(resume.offset - offset);
      offset = resume.offset;
    }
    this.resumePoint = { offset: next, fileId: chunk.fileId };
    const lines = chunkLines(data, offset, chunk.fileId);
    if (lines.length) this.options.sink.lines(lines);
  }

  private event(event: LogEvent): void {
    const { sink, log } = this.options;
    switch (event.kind) {
      case LogEventKind.WAITING:
        // Nothing yet: if the connection is lost now, resume from the file's start once it appears.
        if (!this.resumePoint) this.resumePoint = { offset: 0, fileId: '' };
        sink.note('info', event.message || `the ${log} log does not exist yet; waiting for it`);
        return;
      case LogEventKind.OPENED:
      case LogEventKind.ROTATED:
      case LogEventKind.TRUNCATED:
      case LogEventKind.DIFFERENT_FILE:
        this.resumePoint = { offset: Number(event.offset), fileId: event.fileId };
        sink.note(event.kind === LogEventKind.OPENED ? 'info' : 'warn', event.message || `the ${log} log changed`);
        return;
      case LogEventKind.REMOVED:
        sink.note('warn', event.message || `the ${log} log was removed; waiting for it to come back`);
        return;
      case LogEventKind.CAUGHT_UP:
        if (event.fileId) this.resumePoint = { offset: Number(event.offset), fileId: event.fileId };
        return;
      default:
        return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }
}
