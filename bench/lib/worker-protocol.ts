/**
 * How the many-followers bench talks to its follower workers: JSON lines on the
 * worker's stdout, plain-text commands on its stdin ("ping", "end <lastSeq>", "stop").
 */

export interface WorkerConfig {
  /** Daemon address, 127.0.0.1:PORT. */
  address: string;
  /** TailLog followers in this worker. */
  followers: number;
  /** Separate HTTP/2 connections the followers are spread over. */
  channels: number;
  /** Highest seq the writer may write. */
  maxSeq: number;
  /** The worker ends itself after this long, whatever happens. */
  lifetimeMs: number;
}

export interface FollowerStats {
  received: number;
  duplicates: number;
  messages: number;
  error?: string;
}

export type WorkerMessage =
  | { type: 'ready'; caughtUp: number; followers: number; ms: number }
  | { type: 'warm'; warm: number }
  | { type: 'pong'; now: number }
  | { type: 'done'; now: number }
  | {
      type: 'result';
      followers: FollowerStats[];
      /** Append → receive latencies of every received line of every follower, ms, Float32Array as base64. */
      latencies: string;
      /** The seq of each latency sample, Uint32Array as base64. */
      seqs: string;
      /** Per seq (index), the worst latency over the worker's followers, ms, Float32Array as base64. */
      worstBySeq: string;
      cpuMs: number;
      wallMs: number;
      pid: number;
    };
