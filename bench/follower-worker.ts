/**
 * A child process holding many TailLog followers of the installer log, spread
 * over several connections, recording every stamped line each one receives.
 * Started by many-followers.ts so that the client side is not the bottleneck
 * (it uses the lean follower: raw bytes, hand-decoded, no async iteration):
 *
 *   node --import tsx bench/follower-worker.ts '<WorkerConfig JSON>'
 *
 * Reports over stdout (JSON lines, see lib/worker-protocol.ts); ends on "stop",
 * when stdin closes, or when its lifetime is over.
 */
import * as readline from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import { LogEventKind } from '../gen/mobility/v1/agent_control_pb';
import { nowMs } from './lib/clock';
import { profileFromEnv } from './lib/cpu-profile';
import { LatencyRecorder } from './lib/latency-recorder';
import { followLean, LEAN_CLIENT_OPTIONS } from './lib/lean-follower';
import { Samples } from './lib/stats';
import type { FollowerStats, WorkerConfig, WorkerMessage } from './lib/worker-protocol';

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify(message)}\n`, () => resolve()));
}

function toBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

interface Follower {
  recorder: LatencyRecorder;
  cancel(): void;
  caughtUp: boolean;
  messages: number;
  error?: string;
}

function main(): void {
  profileFromEnv('follower-worker');
  const config = JSON.parse(process.argv[2]) as WorkerConfig;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const latencies = new Samples(config.followers * config.maxSeq);
  const seqs = new Samples(config.followers * config.maxSeq);
  /** Per seq, the worst latency over this worker's followers (for the timeline). */
  const worstBySeq = new Float32Array(config.maxSeq + 1);
  const clients = Array.from(
    { length: config.channels },
    () => new grpc.Client(config.address, grpc.credentials.createInsecure(), LEAN_CLIENT_OPTIONS),
  );
  let stopping = false;
  let lastSeq: number | undefined;
  let doneSent = false;
  let warmSent = false;
  let readySent = false;

  const followers: Follower[] = [];
  const checkDone = () => {
    if (lastSeq === undefined || doneSent) return;
    if (followers.every((f) => f.error !== undefined || f.recorder.received >= lastSeq!)) {
      doneSent = true;
      void send({ type: 'done', now: nowMs() });
    }
  };
  for (let i = 0; i < config.followers; i++) {
    const recorder = new LatencyRecorder(config.maxSeq, latencies, worstBySeq, seqs);
    const follower: Follower = { recorder, cancel: () => undefined, caughtUp: false, messages: 0 };
    followers.push(follower);
    const stream = followLean(clients[i % clients.length], 'installer', config.lifetimeMs, {
      onChunk(data) {
        follower.messages++;
        recorder.record(data, nowMs());
        if (lastSeq !== undefined && !doneSent && recorder.received >= lastSeq) checkDone();
      },
      onEvent(kind) {
        follower.messages++;
        if (kind === LogEventKind.CAUGHT_UP) follower.caughtUp = true;
      },
      onEnd(error) {
        if (!stopping) follower.error = error ? error.message : 'the stream ended';
      },
    });
    follower.cancel = stream.cancel;
  }

  // Ready once every follower has caught up (or 20 s passed); then "warm" once each saw a seq=0 line.
  const readyBy = Date.now() + 20_000;
  const poll = setInterval(() => {
    if (!readySent) {
      const caughtUp = followers.filter((f) => f.caughtUp).length;
      if (caughtUp === followers.length || Date.now() > readyBy) {
        readySent = true;
        void send({ type: 'ready', caughtUp, followers: followers.length, ms: Math.round(performance.now() - started) });
      }
    } else if (!warmSent) {
      const warm = followers.filter((f) => f.recorder.warm).length;
      if (warm === followers.length) {
        warmSent = true;
        void send({ type: 'warm', warm });
      }
    } else {
      checkDone();
    }
  }, 10);

  const finish = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(poll);
    clearTimeout(lifetime);
    const stats: FollowerStats[] = followers.map((f) => ({
      received: lastSeq === undefined ? f.recorder.received : f.recorder.receivedUpTo(lastSeq),
      duplicates: f.recorder.duplicates,
      messages: f.messages,
      ...(f.error ? { error: f.error } : {}),
    }));
    const cpu = process.cpuUsage(cpuStart);
    await send({
      type: 'result',
      followers: stats,
      latencies: toBase64(Float32Array.from(latencies.values())),
      seqs: Buffer.from(Uint32Array.from(seqs.values()).buffer).toString('base64'),
      worstBySeq: toBase64(worstBySeq),
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - started,
      pid: process.pid,
    });
    for (const f of followers) f.cancel();
    for (const c of clients) c.close();
    process.exit(0);
  };
  const lifetime = setTimeout(() => void finish(), config.lifetimeMs);

  const commands = readline.createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'ping') void send({ type: 'pong', now: nowMs() });
    else if (command === 'end') {
      lastSeq = Number(arg);
      checkDone();
    } else if (command === 'stop') void finish();
  });
  commands.on('close', () => void finish());
  process.once('SIGTERM', () => process.exit(0));
}

main();
