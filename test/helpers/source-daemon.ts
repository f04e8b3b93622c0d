/**
 * mobilityd from its sources (server/daemon/main.ts under tsx) as a child
 * process that keeps running, with both APIs on 127.0.0.1 port 0: for tests
 * that watch the daemon from outside (its memory, its survival) and must test
 * the code as it is now, not the last bundle built. Started through
 * spawn-mobilityd.ts, so it is ready once it prints its "listening on" line.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './repo-root';
import { spawnMobilityd, type SpawnedMobilityd } from './spawn-mobilityd';

const MAIN = path.join(REPO_ROOT, 'server', 'daemon', 'main.ts');
const REST_URL = /\(gRPC\), http:\/\/(127\.0\.0\.1:\d+) \(REST\)/;

export interface SourceDaemon extends SpawnedMobilityd {
  pid: number;
  /** http://127.0.0.1:PORT of its REST API. */
  restUrl: string;
  /** SIGKILL (hygiene after the assertions were made) and wait for the exit. */
  kill(): Promise<void>;
}

/** `args` come after the listen addresses, e.g. --root and --state-dir. */
export async function startSourceDaemon(args: readonly string[]): Promise<SourceDaemon> {
  const env = { ...process.env };
  // grpc-js's verbosity switches would fill the output the test reads.
  delete env.GRPC_VERBOSITY;
  delete env.GRPC_NODE_VERBOSITY;
  delete env.GRPC_TRACE;
  const spawned = await spawnMobilityd({
    bundle: MAIN,
    args: ['--listen', '127.0.0.1:0', '--rest-listen', '127.0.0.1:0', ...args],
    spawn: (command, rest) => spawn(command, ['--import', 'tsx', ...rest], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  });
  const rest = REST_URL.exec(spawned.output());
  if (!rest || spawned.child.pid === undefined) {
    spawned.child.kill('SIGKILL');
    throw new Error(`mobilityd printed no REST address:\n${spawned.output()}`);
  }
  return {
    ...spawned,
    pid: spawned.child.pid,
    restUrl: `http://${rest[1]}`,
    async kill() {
      if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
      await spawned.exited;
    },
  };
}
