/**
 * Consumes a TailLog stream and lets a test wait, event-driven, until what it
 * received satisfies a condition (no sleeps).
 */
import type { ServerStream } from '../../client/agent-control-client';
import { LogEventKind, type LogChunk, type TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';

export class TailCollector {
  readonly chunks: LogChunk[] = [];
  readonly events: LogEventKind[] = [];
  text = '';
  error?: Error & { code?: number };
  ended = false;
  private waiters: Array<() => void> = [];

  constructor(readonly stream: ServerStream<TailLogResponse>) {
    void this.pump();
  }

  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }

  /** Resolves when `condition` holds; rejects if the stream ends or fails first. */
  until(condition: (c: TailCollector) => boolean, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition(this)) return resolve(), true;
        if (this.ended) return reject(new Error(`stream ended before ${what}: ${this.error?.message ?? 'clean end'}`)), true;
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      this.waiters.push(waiter);
    });
  }

  untilEvent(kind: LogEventKind): Promise<void> {
    return this.until((c) => c.events.includes(kind), `event ${LogEventKind[kind]}`);
  }

  untilLines(count: number): Promise<void> {
    return this.until((c) => c.lines.length >= count, `${count} lines`);
  }

  /** Ends when the stream ends; resolves with the error, if any. */
  done(): Promise<(Error & { code?: number }) | undefined> {
    return new Promise((resolve) => {
      const check = () => this.ended && (resolve(this.error), true);
      if (!check()) this.waiters.push(() => void check());
    });
  }

  cancel(): void {
    this.stream.cancel();
  }

  private async pump(): Promise<void> {
    try {
      for await (const message of this.stream) {
        if (message.item.case === 'chunk') {
          this.chunks.push(message.item.value);
          this.text += Buffer.from(message.item.value.data).toString('utf8');
        } else if (message.item.case === 'event') {
          this.events.push(message.item.value.kind);
        }
        this.notify();
      }
    } catch (err) {
      this.error = err as Error;
    }
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
