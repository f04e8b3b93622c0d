/**
 * stdout for output that may be large or endless (log tails): writes wait for
 * 'drain' so a slow reader slows the stream down instead of filling memory, and
 * a reader that goes away (`mobilityctl logs installer | head`, EPIPE) ends the
 * command quietly instead of crashing it.
 */
import { CliError } from '../errors/cli-error';
import { ExitCode } from '../errors/exit-codes';

export class StdoutSink {
  private failure?: NodeJS.ErrnoException;
  private readonly closeListeners = new Set<() => void>();

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= err;
      for (const listener of [...this.closeListeners]) listener();
    });
  }

  /** True once the reader has gone away; further writes are dropped. */
  get closed(): boolean {
    return this.failure !== undefined;
  }

  /** Calls listener once stdout can no longer be written; returns an unsubscribe. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async write(data: string | Uint8Array): Promise<void> {
    this.throwIfBroken();
    if (this.closed || this.stream.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        off();
        resolve();
      };
      const off = this.onClose(done);
      this.stream.once('drain', done);
    });
    this.throwIfBroken();
  }

  /** EPIPE means "the reader has enough"; any other error (e.g. a full disk) must not pass silently. */
  private throwIfBroken(): void {
    if (this.failure && this.failure.code !== 'EPIPE') {
      throw new CliError(`cannot write to stdout: ${this.failure.message}`, ExitCode.DaemonError);
    }
  }
}

let shared: StdoutSink | undefined;

/** The process's one stdout sink (one 'error' listener, however many writers). */
export function stdoutSink(): StdoutSink {
  return (shared ??= new StdoutSink());
}
