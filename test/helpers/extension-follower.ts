/** The extension's LogFollower against a real mobilityd, dialling `address()` afresh after every failure, as its tails do. */
import { AgentControlClient } from '../../client/agent-control-client';
import { EXTENSION_CHANNEL_OPTIONS } from '../../extension/src/model/client-pool';
import { LogFollower } from '../../extension/src/model/log-follower';
import type { CollectedLogSink } from './collected-log-sink';

/** Reconnects quickly, so a test sees a restart handled within a few hundred milliseconds of backoff. */
export const FAST_BACKOFF = { initialMs: 50, maxMs: 200, factor: 2 };

export function startExtensionFollower(
  address: () => string,
  collected: CollectedLogSink,
  lastLines = 3,
  log = 'installer',
): { follower: LogFollower; close(): void } {
  let client: AgentControlClient | undefined;
  const follower = new LogFollower({
    log,
    lastLines,
    backoff: FAST_BACKOFF,
    sink: collected.sink,
    open: (request, reconnect) => {
      if (reconnect || !client) {
        client?.close();
        client = new AgentControlClient(address(), EXTENSION_CHANNEL_OPTIONS);
      }
      return client.tailLog(request);
    },
  });
  follower.start();
  return {
    follower,
    close: () => {
      follower.stop();
      client?.close();
    },
  };
}
