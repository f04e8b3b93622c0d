/** Opening a client for one command, and reporting its failures in the CLI's terms. */
import { status } from '@grpc/grpc-js';
import { AgentControlClient } from '../client/agent-control-client';
import { describeError, isServiceError } from './errors/describe-grpc-error';
import type { GlobalOptions } from './global-options';

/** Runs fn with a client for --host, closes it afterwards and turns errors into CliErrors. */
export async function withClient<T>(global: GlobalOptions, fn: (client: AgentControlClient) => Promise<T>): Promise<T> {
  const client = new AgentControlClient(global.host);
  try {
    return await fn(client);
  } catch (err) {
    throw describeError(err, { host: client.address, timeoutMs: global.timeoutMs });
  } finally {
    client.close();
  }
}

/**
 * Before a stream that may run forever (no deadline), make sure the daemon is
 * there. A unary health check with the --timeout deadline does this better than
 * waitForReady: it fails at once with the cause (e.g. connection refused) when
 * nothing listens, where waitForReady keeps retrying until the deadline.
 * Any answer from the server, even an error status, proves it is reachable.
 */
export async function ensureReachable(client: AgentControlClient, timeoutMs: number): Promise<void> {
  try {
    await client.checkHealth('', { timeoutMs });
  } catch (err) {
    const unreachable = isServiceError(err) && (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED);
    if (unreachable || !isServiceError(err)) throw err;
  }
}
