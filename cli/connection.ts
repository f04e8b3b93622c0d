/** Opening a client for one command, and reporting its failures in the CLI's terms. */
import { AgentControlClient } from '../client/agent-control-client';
import { describeError } from './errors/describe-error';
import type { GlobalOptions } from './global-options';
import { securityFor } from './security-options';

/** Runs fn with a client for --host (with the connection-security flags), closes it afterwards and turns errors into CliErrors. */
export async function withClient<T>(global: GlobalOptions, fn: (client: AgentControlClient) => Promise<T>): Promise<T> {
  let client: AgentControlClient | undefined;
  try {
    client = new AgentControlClient(global.host, {}, securityFor(global.host, global.security));
    return await fn(client);
  } catch (err) {
    throw describeError(err, global.host);
  } finally {
    client?.close();
  }
}
