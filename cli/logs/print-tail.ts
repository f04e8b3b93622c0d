/**
 * Drives one TailLog stream into a printer until the daemon ends it, the user
 * interrupts (Ctrl-C), or stdout's reader goes away; remembers where it got to
 * so an unexpected end can say how to resume.
 */
import type { ServerStream } from '../../client/calls/server-stream';
import { ClientError } from '../../client/errors/client-error';
import type { TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';
import { onInterrupt } from '../interrupt';
import type { StdoutSink } from '../output/stdout-sink';
import type { LogPrinter } from './log-printers';

export interface ResumePoint {
  offset: number;
  fileId: string;
}

export interface TailResult {
  /** True when this side stopped the stream (Ctrl-C, or stdout closed). */
  stopped: boolean;
  /** Where the next read would start, once anything arrived. */
  resume?: ResumePoint;
}

export async function printTail(
  stream: ServerStream<TailLogResponse>,
  printer: LogPrinter,
  out: StdoutSink,
): Promise<TailResult> {
  const result: TailResult = { stopped: false };
  const stop = () => {
    result.stopped = true;
    stream.cancel();
  };
  const releaseInterrupt = onInterrupt(stop);
  const releaseStdout = out.onClose(stop);
  try {
    for await (const { item } of stream) {
      if (result.stopped) break;
      if (item.case === 'chunk') {
        await printer.chunk(item.value);
        // A rotated file's late lines are printed, but where to resume is the current file's.
        if (!item.value.previousFile) result.resume = { offset: Number(item.value.nextOffset), fileId: item.value.fileId };
      } else if (item.case === 'event') {
        await printer.event(item.value);
        result.resume = { offset: Number(item.value.offset), fileId: item.value.fileId };
      }
    }
  } catch (err) {
    // Our own cancel() surfaces as 'cancelled': that is the normal end of a follow.
    if (!(result.stopped && ClientError.from(err).reason === 'cancelled')) throw err;
  } finally {
    releaseInterrupt();
    releaseStdout();
    stream.cancel(); // no-op after a normal end; frees the call after an error
  }
  return result;
}
