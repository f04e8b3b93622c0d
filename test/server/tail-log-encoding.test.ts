import { strict as assert } from 'node:assert';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { LogEventKind, TailLogResponseSchema, type TailLogResponse } from '../../gen/mobility/v1/agent_control_pb';
import { encodeTailLogResponse } from '../../server/grpc/tail-log-encoding';

const chunk = (offset: bigint, data: string | Uint8Array, lineCount: number, fileId: string): TailLogResponse => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return create(TailLogResponseSchema, {
    item: { case: 'chunk', value: { offset, data: bytes, lineCount, nextOffset: offset + BigInt(bytes.length), fileId } },
  });
};

const previousFileChunk = (offset: bigint, data: string, lineCount: number, fileId: string): TailLogResponse => {
  const message = chunk(offset, data, lineCount, fileId);
  if (message.item.case === 'chunk') message.item.value.previousFile = true;
  return message;
};

describe('TailLog chunk encoding', () => {
  const cases: Array<[string, TailLogResponse]> = [
    ['a chunk at offset 0 (default fields left out)', chunk(0n, 'one\n', 1, '2049:131')],
    ['a chunk past 4 GiB (multi-byte varints beyond 32 bits)', chunk(5_000_000_000_123n, 'x\ny\n', 2, '65024:4294967297')],
    ['a 1 MiB chunk (a 3-byte length)', chunk(12_345n, Buffer.alloc(1024 * 1024, 0x61), 0, 'id')],
    ['empty data and file id', chunk(7n, '', 0, '')],
    ['a non-ASCII file id', chunk(1n, 'ü\n', 1, 'fichier-é')],
    ['a chunk of a previous file (finding 10: previous_file)', previousFileChunk(300n, 'late line\n', 1, '2049:131')],
  ];
  for (const [name, message] of cases) {
    it(`is byte-identical to protobuf-es for ${name}`, () => {
      const expected = Buffer.from(toBinary(TailLogResponseSchema, message));
      const actual = encodeTailLogResponse(message);
      assert.ok(actual.equals(expected), `hand-encoded ${actual.length} bytes differ from ${expected.length}`);
      assert.deepEqual(fromBinary(TailLogResponseSchema, actual), fromBinary(TailLogResponseSchema, expected));
    });
  }

  it('encodes events through protobuf-es', () => {
    const event = create(TailLogResponseSchema, {
      item: { case: 'event', value: { kind: LogEventKind.ROTATED, fileId: 'a:b', offset: 10n, message: 'rotated' } },
    });
    assert.ok(encodeTailLogResponse(event).equals(Buffer.from(toBinary(TailLogResponseSchema, event))));
  });
});
