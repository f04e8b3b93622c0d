/**
 * The released single executable mobilityd started with no Node.js to lean
 * on: an empty environment (like env -i) whose PATH holds no node, ready once
 * it prints its "listening on" line (spawn-mobilityd.ts).
 */
import { spawn } from 'node:child_process';
import { spawnMobilityd, type SpawnedMobilityd } from './spawn-mobilityd';

/**
 * env -i PATH=/usr/bin:/bin would still find node on images that install it
 * in /usr/bin (this one does), so PATH names only folders without a node:
 * the test checks that they have none.
 */
export const NODELESS_PATH = ['/usr/sbin', '/sbin'];
export const BARE_ENV = { PATH: NODELESS_PATH.join(':') };

/** `env`: BARE_ENV unless given (a daemon that runs the sample installer needs the usual tools on PATH). */
export function startReleasedMobilityd(executable: string, args: readonly string[], env: NodeJS.ProcessEnv = BARE_ENV): Promise<SpawnedMobilityd> {
  return spawnMobilityd({
    bundle: executable,
    args,
    timeoutMs: 30_000,
    // spawnMobilityd passes (node, [bundle, ...args]); the executable needs no node.
    spawn: (_node, [, ...rest]) => spawn(executable, rest, { stdio: ['ignore', 'pipe', 'pipe'], env }),
  });
}

/** Ends it with SIGTERM, as systemd stops the service, and waits for the exit. */
export async function stopReleasedMobilityd(daemon: SpawnedMobilityd): Promise<void> {
  if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGTERM');
  await daemon.exited;
}
