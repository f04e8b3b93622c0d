/** TailLog over gRPC: a thin adapter from the domain's TailStream to a server stream. */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { TailLogRequest, TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';
import type { LogTailer } from '../core/logs/log-tailer';
import { toTailLogResponse } from '../core/logs/tail-log-message';
import { toServiceError } from './status-mapping';
import { writeWithBackpressure } from './stream-writer';

export function tailLogHandler(tailer: LogTailer) {
  return async (call: ServerWritableStream<TailLogRequest, TailLogResponse>): Promise<void> => {
    const r = call.request;
    let stream;
    try {
      stream = await tailer.open({
        log: r.log,
        follow: r.follow,
        lastLines: r.lastLines === undefined ? undefined : Number(r.lastLines),
        startOffset: r.startOffset === undefined ? undefined : Number(r.startOffset),
        fileId: r.fileId || undefined,
        maxBytes: Number(r.maxBytes),
      });
    } catch (err) {
      call.emit('error', toServiceError(err));
      return;
    }
    const stop = () => stream.close();
    call.once('cancelled', stop);
    try {
      for await (const item of stream) {
        if (call.cancelled) break;
        await writeWithBackpressure(call, toTailLogResponse(item));
      }
      if (!call.cancelled) call.end();
    } catch (err) {
      if (!call.cancelled) call.emit('error', toServiceError(err));
    } finally {
      call.off('cancelled', stop);
      stream.close();
    }
  };
}
