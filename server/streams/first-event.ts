/**
 * The backpressure wait both adapters' streams use (grpc/stream-writer.ts,
 * rest/response-writer.ts). Resolves on the first of some events and removes every listener it added,
 * whichever fired: a long stream that waits for 'drain' thousands of times
 * gathers no listeners (leftovers slow streaming by ~30 % and warn about
 * leaks; see docs/performance.md, "Waiting for backpressure without leaking
 * listeners").
 */
interface Emitter {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

export function firstEvent(emitter: Emitter, events: readonly string[]): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      for (const event of events) emitter.off(event, done);
      resolve();
    };
    for (const event of events) emitter.on(event, done);
  });
}
