/**
 * Lines that carry their sequence number and write time ("seq=N t=MS"), and a
 * scanner that finds them in received bytes. seq=0 is a warm-up line.
 */
const SEQ = Buffer.from(' seq=');
const T = Buffer.from(' t=');

/** One installer-like line (~110 bytes) stamped with `writeTimeMs` (see clock.ts). */
export function timedLine(seq: number, writeTimeMs: number): string {
  const d = new Date(writeTimeMs);
  const time = d.toISOString().replace('T', ' ').slice(0, 23);
  return `${time} [04242] INFO  progress: seq=${seq} t=${writeTimeMs.toFixed(3)} Copying vxagent files to /usr/local/ASR\n`;
}

/**
 * Calls onLine for every whole stamped line in `data` (lines without a stamp
 * are skipped). Allocation-free: two native searches and a few byte reads per line.
 */
export function scanTimedLines(data: Buffer, onLine: (seq: number, writeTimeMs: number) => void): void {
  let pos = 0;
  let nextSeq = data.indexOf(SEQ, 0);
  while (pos < data.length && nextSeq >= 0) {
    let end = data.indexOf(0x0a, pos);
    if (end < 0) end = data.length;
    if (nextSeq < pos) nextSeq = data.indexOf(SEQ, pos);
    if (nextSeq >= pos && nextSeq < end) {
      let i = nextSeq + SEQ.length;
      let seq = 0;
      for (; i < end && data[i] >= 0x30 && data[i] <= 0x39; i++) seq = seq * 10 + (data[i] - 0x30);
      if (data[i] === T[0] && data[i + 1] === T[1] && data[i + 2] === T[2]) {
        i += T.length;
        let whole = 0;
        for (; i < end && data[i] >= 0x30 && data[i] <= 0x39; i++) whole = whole * 10 + (data[i] - 0x30);
        let fraction = 0;
        let scale = 1;
        if (data[i] === 0x2e) {
          for (i++; i < end && data[i] >= 0x30 && data[i] <= 0x39; i++) {
            fraction = fraction * 10 + (data[i] - 0x30);
            scale *= 10;
          }
        }
        onLine(seq, whole + fraction / scale);
      }
    }
    pos = end + 1;
  }
}

/** Splits a byte stream (e.g. tail's stdout) into whole lines, keeping the partial last one. */
export class LineSplitter {
  private rest: Buffer = Buffer.alloc(0);

  /** Whole lines of what arrived so far (a Buffer ending in "\n"), or undefined. */
  push(chunk: Buffer): Buffer | undefined {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const cut = data.lastIndexOf(0x0a) + 1;
    this.rest = Buffer.from(data.subarray(cut));
    return cut > 0 ? data.subarray(0, cut) : undefined;
  }
}

/** A Buffer view of bytes (no copy), e.g. of a protobuf-es `bytes` field. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
