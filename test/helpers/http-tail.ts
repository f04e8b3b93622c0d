/**
 * A TailLog stream over HTTP (GET /v1/logs/:name), NDJSON or Server-Sent
 * Events, read incrementally as it arrives.
 */
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { strict as assert } from 'node:assert';
import { TailLogResponseSchema } from '../../gen/mobility/v1/agent_control_pb';
import { LogReceiver } from './tail-collector';

const SSE_ACCEPT = { accept: 'text/event-stream' };

/** GETs a log stream (`urlPath` with its query) and reads it as it arrives; fails unless the answer is 200. */
export async function openHttpTail(restUrl: string, urlPath: string, init?: RequestInit & { sse?: boolean }): Promise<HttpTail> {
  const headers = { ...(init?.sse ? SSE_ACCEPT : {}), ...(init?.headers as Record<string, string> | undefined) };
  const controller = new AbortController();
  const res = await fetch(`${restUrl}${urlPath}`, { ...init, headers, signal: controller.signal });
  assert.equal(res.status, 200, `GET ${urlPath}: ${res.status}`);
  return new HttpTail(res, init?.sse ? 'sse' : 'ndjson', controller);
}

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a log stream response incrementally, NDJSON or SSE, and lets a test
 * wait, event-driven, until what arrived satisfies a condition.
 */
export class HttpTail extends LogReceiver {
  readonly sse: SseEvent[] = [];
  readonly contentType: string;
  lastEventId?: string;

  constructor(
    res: Response,
    private readonly format: 'ndjson' | 'sse',
    /** The fetch's AbortController. */
    private readonly controller: AbortController,
  ) {
    super();
    this.contentType = res.headers.get('content-type') ?? '';
    void this.pump(res.body!.getReader());
  }

  done(): Promise<void> {
    return this.until(() => false, 'the end').catch(() => undefined);
  }

  /** The client goes away: fetch's AbortController drops the connection mid-stream. */
  abort(): void {
    this.controller.abort();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const separator = this.format === 'sse' ? '\n\n' : '\n';
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        for (let end = buffered.indexOf(separator); end >= 0; end = buffered.indexOf(separator)) {
          const record = buffered.slice(0, end);
          buffered = buffered.slice(end + separator.length);
          if (this.format === 'sse') this.onSse(record);
          else this.onMessage(JSON.parse(record) as JsonValue);
        }
        this.notify();
      }
      assert.equal(buffered, '', 'the stream ends on a record boundary');
    } catch (err) {
      if (!this.controller.signal.aborted) this.error = err as Error;
    }
    this.ended = true;
    this.notify();
  }

  private onSse(record: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    for (const line of record.split('\n')) {
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = this.lastEventId = value;
      else if (field === 'data') event.data += value;
    }
    this.sse.push(event);
    if (event.event === 'chunk' || event.event === 'event') this.onMessage(JSON.parse(event.data) as JsonValue);
  }

  private onMessage(json: JsonValue): void {
    this.receive(fromJson(TailLogResponseSchema, json));
  }
}
