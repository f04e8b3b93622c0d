/**
 * Whether the REST server is serving, and the streaming responses it has to
 * end when it stops (a follow never ends by itself, and would hold shutdown).
 */
export class ServingState {
  private stopping = false;
  private readonly streams = new Set<() => void>();

  get serving(): boolean {
    return !this.stopping;
  }

  /** Registers a way to end an open stream (at once when already stopping); returns the function that unregisters it. */
  track(stop: () => void): () => void {
    if (this.stopping) {
      stop(); // opened while shutdown began: end it like the others
      return () => undefined;
    }
    this.streams.add(stop);
    return () => this.streams.delete(stop);
  }

  /** Marks the server NOT_SERVING and ends every open stream. */
  stop(): void {
    this.stopping = true;
    for (const stop of [...this.streams]) stop();
    this.streams.clear();
  }
}
