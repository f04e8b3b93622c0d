/**
 * Writes to a grpc-js server stream with backpressure. Waits for 'drain' and
 * removes the losing listener every time (a race that leaves listeners behind
 * slows streaming by ~30 % and warns about leaks; see docs/performance.md,
 * "Waiting for backpressure without leaking listeners").
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import { firstEvent } from '../streams/first-event';

export function writeWithBackpressure<Req, Res>(call: ServerWritableStream<Req, Res>, message: Res): Promise<void> | undefined {
  if (call.write(message)) return undefined;
  return firstEvent(call, ['drain', 'cancelled', 'close']);
}

/** An AbortSignal that fires when the client cancels or the call ends. */
export function callSignal(call: { on(event: 'cancelled' | 'close', fn: () => void): unknown; cancelled: boolean }): AbortSignal {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  call.on('cancelled', () => controller.abort());
  call.on('close', () => controller.abort());
  return controller.signal;
}
