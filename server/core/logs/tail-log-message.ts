/**
 * The API message for one item of a TailStream. Shared by every adapter (gRPC
 * streams it as is, REST as its JSON), so both say exactly the same thing.
 */
import { create } from '@bufbuild/protobuf';
import { LogEventKind, TailLogResponseSchema, type TailLogResponse } from '../../../gen/mobility/v1/agent_control_pb';
import type { TailEventKind, TailItem } from './log-tailer';

const EVENT_KIND: Record<TailEventKind, LogEventKind> = {
  waiting: LogEventKind.WAITING,
  opened: LogEventKind.OPENED,
  rotated: LogEventKind.ROTATED,
  truncated: LogEventKind.TRUNCATED,
  caught_up: LogEventKind.CAUGHT_UP,
  removed: LogEventKind.REMOVED,
  different_file: LogEventKind.DIFFERENT_FILE,
};

export function toTailLogResponse(item: TailItem): TailLogResponse {
  if (item.kind === 'chunk') {
    const { fileId, offset, data, lines, previousFile = false } = item;
    return create(TailLogResponseSchema, {
      item: {
        case: 'chunk',
        value: { fileId, offset: BigInt(offset), data, lineCount: lines, nextOffset: BigInt(offset + data.length), previousFile },
      },
    });
  }
  const { fileId, offset, message } = item;
  return create(TailLogResponseSchema, {
    item: { case: 'event', value: { kind: EVENT_KIND[item.event], fileId, offset: BigInt(offset), message } },
  });
}
