/**
 * A server stream whose call starts once something asynchronous is done (the
 * channel's pin check), returned at once like any other: reading waits for
 * the start, cancel() before it cancels the call as soon as it exists, and
 * failures (of the start or of the stream) pass through `explain`.
 */
import type { ServerStream } from './server-stream';

export function deferredStream<O>(opening: Promise<ServerStream<O>>, explain: (err: unknown) => Promise<unknown>): ServerStream<O> {
  let stream: ServerStream<O> | undefined;
  let cancelled = false;
  opening.then(
    (opened) => {
      stream = opened;
      if (cancelled) opened.cancel();
    },
    () => undefined, // reported to whoever reads
  );
  const fail = async (err: unknown): Promise<never> => {
    throw await explain(err);
  };
  return {
    cancel() {
      cancelled = true;
      stream?.cancel();
    },
    [Symbol.asyncIterator]() {
      let messages: AsyncIterator<O> | undefined;
      const iterator = async () => (messages ??= (await opening)[Symbol.asyncIterator]());
      return {
        next: () => iterator().then((it) => it.next()).then(undefined, fail),
        return: async (value?: unknown) => {
          const done = { done: true as const, value: value as O };
          if (!messages) {
            cancelled = true;
            stream?.cancel();
            return done;
          }
          return messages.return ? messages.return(value).then(undefined, fail) : done;
        },
      };
    },
  };
}
