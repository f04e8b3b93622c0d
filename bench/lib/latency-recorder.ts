/**
 * Per-reader bookkeeping for stamped lines: which seqs arrived (once each), the
 * append → receive latency of each, and whether a warm-up line came through.
 */
import { Samples } from './stats';
import { scanTimedLines } from './timed-lines';

export class LatencyRecorder {
  private seen: Uint8Array;
  received = 0;
  duplicates = 0;
  outOfRange = 0;
  warm = false;

  /** `latencies` may be shared by several recorders (one pool of samples for many followers). */
  constructor(
    readonly maxSeq: number,
    readonly latencies = new Samples(4096),
    /** Optional, shared: per seq, the worst latency any recorder saw. */
    private readonly worstBySeq?: Float32Array,
    /** Optional, shared: the seq of each latency sample, in the same order. */
    readonly seqs?: Samples,
  ) {
    this.seen = new Uint8Array(maxSeq + 1);
  }

  /** Records every stamped line of `data`, received at `receivedAtMs`. */
  record(data: Buffer, receivedAtMs: number): void {
    scanTimedLines(data, (seq, writtenAtMs) => {
      if (seq === 0) {
        this.warm = true;
      } else if (seq > this.maxSeq) {
        this.outOfRange++;
      } else if (this.seen[seq]) {
        this.duplicates++;
      } else {
        this.seen[seq] = 1;
        this.received++;
        const latency = receivedAtMs - writtenAtMs;
        this.latencies.push(latency);
        this.seqs?.push(seq);
        if (this.worstBySeq && latency > this.worstBySeq[seq]) this.worstBySeq[seq] = latency;
      }
    });
  }

  /** Lines 1..lastSeq that arrived. */
  receivedUpTo(lastSeq: number): number {
    let n = 0;
    for (let i = 1; i <= Math.min(lastSeq, this.maxSeq); i++) n += this.seen[i];
    return n;
  }
}
