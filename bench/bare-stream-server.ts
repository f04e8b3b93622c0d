/**
 * The baseline for TailLog's backfill: a bare grpc-js server-streaming service
 * (child process) that sends one file's bytes in newline-aligned 64 KiB chunks
 * with backpressure — what grpc-js itself can do on this machine, with no
 * protobuf and no domain logic.
 *
 *   node --import tsx bench/bare-stream-server.ts [--file PATH]
 *
 * It also answers a unary Ping (empty messages), the floor under GetStatus.
 * Listens on 127.0.0.1 (a free port), prints "bare-stream-server listening on
 * 127.0.0.1:PORT", and exits on SIGTERM/SIGINT or when its stdin closes (the
 * bench that started it is gone).
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { BARE_CHUNK_BYTES, barePing, bareReadFile, type BareRequest } from './lib/bare-stream-protocol';
import { profileFromEnv } from './lib/cpu-profile';

const READ_BYTES = 1024 * 1024;
const EMPTY = Buffer.alloc(0);

function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buffer, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))),
  );
}

/** Resolves when the stream can take more, or the call is over. Removes its listeners every time. */
function drained(call: grpc.ServerWritableStream<Buffer, Buffer>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
}

async function streamFile(file: string, call: grpc.ServerWritableStream<Buffer, Buffer>): Promise<void> {
  let request: BareRequest = {};
  try {
    request = call.request.length ? (JSON.parse(call.request.toString('utf8')) as BareRequest) : {};
  } catch {
    call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'request is not JSON' });
    return;
  }
  const limit = request.maxBytes && request.maxBytes > 0 ? request.maxBytes : Infinity;
  const fd = await fs.promises.open(file, 'r');
  try {
    let position = 0;
    let carry = Buffer.alloc(0);
    let sent = 0;
    while (!call.cancelled && sent < limit) {
      const buffer = Buffer.allocUnsafe(carry.length + READ_BYTES);
      carry.copy(buffer, 0);
      const n = await readAt(fd.fd, buffer, carry.length, READ_BYTES, position);
      position += n;
      const end = carry.length + n;
      const eof = n === 0;
      if (end === 0) break;
      // Newline-aligned chunks of at most 64 KiB; the partial last line waits for the next read.
      let pos = 0;
      while (pos < end && sent < limit) {
        let cut = Math.min(pos + BARE_CHUNK_BYTES, end);
        if (!(eof && cut === end)) {
          const nl = buffer.lastIndexOf(0x0a, cut - 1);
          if (nl >= pos) {
            cut = nl + 1;
          } else {
            const next = buffer.indexOf(0x0a, cut);
            if (next < 0 || next >= end) break; // an unfinished line: carried into the next read
            cut = next + 1; // a line longer than 64 KiB goes whole
          }
        }
        const chunk = buffer.subarray(pos, cut);
        sent += chunk.length;
        pos = cut;
        if (!call.write(chunk)) await drained(call);
        if (call.cancelled) return;
      }
      carry = buffer.subarray(pos, end);
      if (eof) break;
    }
    if (!call.cancelled) call.end();
  } finally {
    await fd.close();
  }
}

function main(): void {
  const { values } = parseArgs({ options: { file: { type: 'string' }, listen: { type: 'string', default: '127.0.0.1:0' } } });
  profileFromEnv('bare-stream-server');
  const file = values.file;
  if (!values.listen!.startsWith('127.0.0.1:')) throw new Error('the bare server listens on 127.0.0.1 only');
  const server = new grpc.Server();
  server.addService(
    { readFile: bareReadFile, ping: barePing } as grpc.ServiceDefinition,
    {
      ping: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, EMPTY),
      readFile: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
        if (!file) {
          call.emit('error', { code: grpc.status.FAILED_PRECONDITION, details: 'started without --file' });
          return;
        }
        streamFile(file, call).catch((err: Error) => {
          if (!call.cancelled) call.emit('error', { code: grpc.status.INTERNAL, details: err.message });
        });
      },
    },
  );
  server.bindAsync(values.listen!, grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`bare-stream-server: cannot listen: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`bare-stream-server listening on 127.0.0.1:${port}\n`);
  });
  const stop = () => {
    server.forceShutdown();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main();
