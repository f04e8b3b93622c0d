/**
 * Open streaming calls (log follows, job watches, uploads) per principal: one
 * caller, whether a runaway script or a stolen token, cannot hold every
 * descriptor and every file watch of the daemon. The limit is per principal,
 * not global, so that one caller at its limit never locks out another.
 */
export class StreamLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerPrincipal: number) {
    if (!Number.isSafeInteger(maxPerPrincipal) || maxPerPrincipal < 1) {
      throw new RangeError(`maxStreamsPerPrincipal must be a whole number from 1, e.g. 64, not ${maxPerPrincipal}`);
    }
  }

  get limit(): number {
    return this.maxPerPrincipal;
  }

  /** A slot for one stream: call the result when the stream ends (calling it again does nothing); undefined at the limit. */
  acquire(principal: string): (() => void) | undefined {
    const count = this.openFor(principal);
    if (count >= this.maxPerPrincipal) return undefined;
    this.open.set(principal, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.openFor(principal) - 1;
      // A principal with nothing open is forgotten: the map holds only callers with streams.
      if (left > 0) this.open.set(principal, left);
      else this.open.delete(principal);
    };
  }

  openFor(principal: string): number {
    return this.open.get(principal) ?? 0;
  }
}
