/**
 * Consumes a TailLog stream and lets a test wait, event-driven, until what it
 * received satisfies a condition (no sleeps).
 */
import type { ServerStream } from '../../client/calls/server-stream';
import type { ClientError } from '../../client/errors/client-error';
import { LogEventKind, type LogChunk, type TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';
import { Waitable } from './waitable';

/** What a log stream delivered so far, whichever transport (gRPC, NDJSON, SSE) carried it. */
export abstract class LogReceiver extends Waitable {
  readonly messages: TailLogResponse[] = [];
  readonly chunks: LogChunk[] = [];
  readonly events: LogEventKind[] = [];
  text = '';

  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }

  untilEvent(kind: LogEventKind): Promise<void> {
    return this.until((c) => c.events.includes(kind), `event ${LogEventKind[kind]}`);
  }

  untilLines(count: number): Promise<void> {
    return this.until((c) => c.lines.length >= count, `${count} lines`);
  }

  /** Records one message of the stream (the caller notifies waiters). */
  protected receive(message: TailLogResponse): void {
    this.messages.push(message);
    if (message.item.case === 'chunk') {
      this.chunks.push(message.item.value);
      this.text += Buffer.from(message.item.value.data).toString('utf8');
    } else if (message.item.case === 'event') {
      this.events.push(message.item.value.kind);
    }
  }
}

export class TailCollector extends LogReceiver {
  /** How the stream failed, as the client reports it. */
  declare error?: ClientError;

  constructor(readonly stream: ServerStream<TailLogResponse>) {
    super();
    void this.pump();
  }

  /** Ends when the stream ends; resolves with the error, if any. */
  async done(): Promise<ClientError | undefined> {
    await this.until(() => false, 'the end').catch(() => undefined);
    return this.error;
  }

  cancel(): void {
    this.stream.cancel();
  }

  private async pump(): Promise<void> {
    try {
      for await (const message of this.stream) {
        this.receive(message);
        this.notify();
      }
    } catch (err) {
      this.error = err as ClientError;
    }
    this.ended = true;
    this.notify();
  }
}
