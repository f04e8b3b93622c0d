/** A real mobilityd in the test process, gRPC and REST on 127.0.0.1 port 0, over a sandbox root. */
import { AgentControlClient } from '../../client/agent-control-client';
import { defaultConfig, type DaemonConfig } from '../../server/core/config/daemon-config';
import { startDaemon, type Daemon, type DaemonStartOptions } from '../../server/daemon/daemon';
import { makeSandbox, type Sandbox } from './sandbox';
import { useStarted, type UseOptions } from './use-started';

export interface TestDaemon {
  daemon: Daemon;
  sandbox: Sandbox;
  address: string;
  /** Base URL of the REST API, e.g. http://127.0.0.1:40123 ('' when restListen is off). */
  restUrl: string;
  client: AgentControlClient;
  /** Path of a catalog log on disk. */
  logPath(name: string): string;
  stop(): Promise<void>;
}

export interface TestDaemonOptions extends DaemonStartOptions {
  sandbox?: Sandbox;
  config?: Partial<DaemonConfig>;
}

export async function startTestDaemon(options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const sandbox = options.sandbox ?? makeSandbox();
  const config: DaemonConfig = {
    ...defaultConfig(),
    listen: ['127.0.0.1:0'],
    restListen: ['127.0.0.1:0'],
    root: sandbox.root,
    stateDir: sandbox.stateDir,
    platform: 'linux',
    ...options.config,
  };
  const daemon = await startDaemon(config, { restLimits: options.restLimits, authBackoff: options.authBackoff });
  const address = daemon.addresses[0];
  const client = new AgentControlClient(address);
  const restAddress = daemon.restAddresses[0];
  return {
    daemon,
    sandbox,
    address,
    restUrl: restAddress ? `${daemon.tls ? 'https' : 'http'}://${restAddress}` : '',
    client,
    logPath: (name) => daemon.catalog.resolve(name).path,
    async stop() {
      client.close();
      await daemon.close();
      if (!options.sandbox) sandbox.remove();
    },
  };
}

/** Call inside a describe: a fresh daemon for each test (one for the describe with `shared`), stopped after. */
export function useTestDaemon(options: TestDaemonOptions & UseOptions = {}): () => TestDaemon {
  return useStarted('the test daemon', () => startTestDaemon(options), options);
}
