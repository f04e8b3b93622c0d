/**
 * The two backfill readers, doing the same client-side work: receive every
 * message, count bytes and newlines. Both use a 4 MiB flow-control window; the
 * clock starts once the channel is connected.
 */
import * as grpc from '@grpc/grpc-js';
import { AgentControlClient } from '../../client/agent-control-client';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { bareReadFile } from './bare-stream-protocol';
import { countNewlines } from './installer-lines';
import { asBuffer } from './timed-lines';

export interface ReadResult {
  bytes: number;
  lines: number;
  messages: number;
  ms: number;
  /** Sum of LogChunk.line_count (TailLog only). */
  reportedLines?: number;
}

const BARE_CLIENT_OPTIONS: grpc.ClientOptions = {
  // The same options the typed client sets (client/agent-control-client.ts).
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

function connect(client: { waitForReady(deadline: number, cb: (err?: Error) => void): void }, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}

/**
 * TailLog(log "installer", start_offset 0, no follow) to the end, through the
 * typed client, with `security` (TLS, a client certificate, a token) when given;
 * the handshake is done before the clock starts.
 */
export async function readWithTailLog(address: string, timeoutMs: number, maxBytes = 0, security: ConnectionSecurity = {}): Promise<ReadResult> {
  const client = new AgentControlClient(address, {}, security);
  try {
    await client.waitForReady(10_000);
    const result: ReadResult = { bytes: 0, lines: 0, messages: 0, ms: 0, reportedLines: 0 };
    const started = performance.now();
    const stream = client.tailLog({ log: 'installer', follow: false, startOffset: 0n, maxBytes: BigInt(maxBytes) }, { timeoutMs });
    for await (const response of stream) {
      result.messages++;
      if (response.item.case !== 'chunk') continue;
      const { data, lineCount } = response.item.value;
      result.bytes += data.length;
      result.lines += countNewlines(asBuffer(data));
      result.reportedLines! += lineCount;
    }
    result.ms = performance.now() - started;
    return result;
  } finally {
    client.close();
  }
}

/** The bare baseline's ReadFile to the end, with raw Buffer (de)serializers. */
export async function readWithBareStream(address: string, timeoutMs: number, maxBytes = 0): Promise<ReadResult> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), BARE_CLIENT_OPTIONS);
  try {
    await connect(client, 10_000);
    const result: ReadResult = { bytes: 0, lines: 0, messages: 0, ms: 0 };
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const call = client.makeServerStreamRequest<Buffer, Buffer>(
        bareReadFile.path,
        bareReadFile.requestSerialize,
        bareReadFile.responseDeserialize,
        Buffer.from(JSON.stringify({ maxBytes })),
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
      );
      call.on('data', (data: Buffer) => {
        result.messages++;
        result.bytes += data.length;
        result.lines += countNewlines(data);
      });
      call.on('error', reject);
      call.on('end', resolve);
    });
    result.ms = performance.now() - started;
    return result;
  } finally {
    client.close();
  }
}
