/**
 * Before a call that may run forever (a followed log, an upload without a
 * deadline), make sure the daemon is there. A unary health check with a
 * deadline does this better than waitForReady: it fails at once with the
 * cause (e.g. connection refused) when nothing listens, where waitForReady
 * keeps retrying until the deadline. Any answer from the server, even an error
 * status, proves it is reachable; a connection its security failed ('untrusted',
 * 'tls') does not.
 */
import type { AgentControlClient } from '../agent-control-client';
import { ClientError } from '../errors/client-error';

export async function ensureReachable(client: AgentControlClient, timeoutMs: number): Promise<void> {
  try {
    await client.checkHealth('', { timeoutMs });
  } catch (err) {
    const error = ClientError.from(err);
    if (error.reason !== 'rejected') throw error;
  }
}
