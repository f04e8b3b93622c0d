/**
 * Uploads in progress, observable: how many run, how far each has got, and a
 * promise for the moment none runs (each has committed or removed its temp
 * file). Lets a shutdown, a job or a test wait for uploads without polling.
 */
import { EventEmitter } from 'node:events';

export interface UploadEvents {
  /** Content bytes received and written so far for the package `name`. */
  progress: [name: string, receivedBytes: number];
  /** An upload ended (stored, already present or failed); its temp file is gone. */
  settled: [name: string];
  /** No upload is in progress any more. */
  idle: [];
}

export class UploadActivity extends EventEmitter<UploadEvents> {
  private running = 0;
  /** In-flight uploads by package name (two may share one). */
  private readonly names = new Map<string, number>();

  get inFlight(): number {
    return this.running;
  }

  /** Whether an upload of `name` is in progress. */
  uploading(name: string): boolean {
    return this.names.has(name);
  }

  /** Counts `work` as in progress, from this call (synchronously) until it settles, whichever way. */
  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.running++;
    this.names.set(name, (this.names.get(name) ?? 0) + 1);
    try {
      return await work();
    } finally {
      this.running--;
      const left = (this.names.get(name) ?? 1) - 1;
      if (left > 0) this.names.set(name, left);
      else this.names.delete(name);
      this.emit('settled', name);
      if (this.running === 0) this.emit('idle');
    }
  }

  /** Resolves at once when nothing runs, else when the last upload in progress settles. */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', () => resolve()));
  }
}
