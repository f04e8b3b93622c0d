/** Opening a client for one command, and reporting its failures in the CLI's terms. */
import { AgentControlClient } from '../client/agent-control-client';
import { describeError } from './errors/describe-error';
import type { GlobalOptions } from './global-options';

/** Runs fn with a client for --host, closes it afterwards and turns errors into CliErrors. */
export async function withClient<T>(global: GlobalOptions, fn: (client: AgentControlClient) => Promise<T>): Promise<T> {
  const client = new AgentControlClient(global.host);
  try {
    return await fn(client);
  } catch (err) {
    throw describeError(err, client.address);
  } finally {
    client.close();
  }
}
