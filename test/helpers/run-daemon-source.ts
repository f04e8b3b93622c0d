/**
 * mobilityd from its sources (`server/daemon/main.ts` under tsx), run to its
 * exit, for what it prints and exits with when it cannot start. grpc-js's own
 * verbosity switches are taken out of its environment, so they cannot decide
 * what the test sees.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './repo-root';

const MAIN = path.join(REPO_ROOT, 'server', 'daemon', 'main.ts');

export interface DaemonExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDaemonSource(args: string[]): Promise<DaemonExit> {
  const env = { ...process.env };
  delete env.GRPC_VERBOSITY;
  delete env.GRPC_NODE_VERBOSITY;
  delete env.GRPC_TRACE;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
