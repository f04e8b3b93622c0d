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

  get inFlight(): number {
    return this.running;
  }

  /** Counts `work` as in progress until it settles, whichever way. */
  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
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
