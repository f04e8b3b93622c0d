/** The bare grpc-js baseline server (bare-stream-server.ts) as a child process on 127.0.0.1. */
import * as grpc from '@grpc/grpc-js';
import { barePing } from './bare-stream-protocol';
import { captureTail, spawnBenchScript, stopChild, waitForLine } from './processes';

export interface BareServer {
  address: string;
  pid: number;
  stop(): Promise<unknown>;
}

export async function startBareServer(file?: string): Promise<BareServer> {
  const child = spawnBenchScript('bare-stream-server.ts', file ? ['--file', file] : []);
  const stderr = captureTail(child.stderr);
  try {
    const match = await waitForLine(child, /listening on (127\.0\.0\.1:\d+)/, 20_000, 'bare-stream-server', stderr);
    return { address: match[1], pid: child.pid!, stop: () => stopChild(child, 2000) };
  } catch (err) {
    await stopChild(child, 500);
    throw err;
  }
}

/** A client for the bare Ping (unary, empty messages). */
export function barePingClient(address: string): { ping(timeoutMs: number): Promise<void>; client: grpc.Client } {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const empty = Buffer.alloc(0);
  return {
    client,
    ping: (timeoutMs) =>
      new Promise((resolve, reject) =>
        client.makeUnaryRequest(
          barePing.path,
          barePing.requestSerialize,
          barePing.responseDeserialize,
          empty,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (err) => (err ? reject(err) : resolve()),
        ),
      ),
  };
}
