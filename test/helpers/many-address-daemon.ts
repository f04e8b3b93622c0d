/** One real mobilityd (the built bundle, its own process and CPU, as a remote host has) listening on many ports: a fleet of hosts for the extension's tests and benchmarks. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSandbox } from './sandbox';

/** The bundled mobilityd as a child process (its own CPU, as a remote host has) listening on `count` ports. */
export async function startManyAddressDaemon(count: number): Promise<{ addresses: string[]; stop(): Promise<void> }> {
  const sandbox = makeSandbox();
  const config = path.join(sandbox.dir, 'mobilityd.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ listen: Array.from({ length: count }, () => '127.0.0.1:0'), restListen: [], root: sandbox.root, stateDir: sandbox.stateDir }),
  );
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'mobilityd.cjs'), '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const addresses = await new Promise<string[]>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (.*) \(gRPC\)/.exec(output);
      if (match) resolve(match[1].split(', '));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then(() => reject(new Error(`mobilityd exited before listening:\n${output}`)));
  });
  return {
    addresses,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      sandbox.remove();
    },
  };
}
