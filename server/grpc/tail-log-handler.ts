/** TailLog over gRPC: a thin adapter from the domain's TailStream to a server stream. */
import { create } from '@bufbuild/protobuf';
import type { ServerWritableStream } from '@grpc/grpc-js';
import {
  LogEventKind,
  TailLogResponseSchema,
  type TailLogRequest,
  type TailLogResponse,
} from '../../gen/mobility/v1/agent_control_pb';
import type { LogTailer, TailEventKind, TailItem } from '../core/logs/log-tailer';
import { toServiceError } from './status-mapping';
import { writeWithBackpressure } from './stream-writer';

const EVENT_KIND: Record<TailEventKind, LogEventKind> = {
  waiting: LogEventKind.WAITING,
  opened: LogEventKind.OPENED,
  rotated: LogEventKind.ROTATED,
  truncated: LogEventKind.TRUNCATED,
  caught_up: LogEventKind.CAUGHT_UP,
  removed: LogEventKind.REMOVED,
};

export function toTailLogResponse(item: TailItem): TailLogResponse {
  if (item.kind === 'chunk') {
    const { fileId, offset, data, lines } = item;
    return create(TailLogResponseSchema, {
      item: {
        case: 'chunk',
        value: { fileId, offset: BigInt(offset), data, lineCount: lines, nextOffset: BigInt(offset + data.length) },
      },
    });
  }
  const { fileId, offset, message } = item;
  return create(TailLogResponseSchema, {
    item: { case: 'event', value: { kind: EVENT_KIND[item.event], fileId, offset: BigInt(offset), message } },
  });
}

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
