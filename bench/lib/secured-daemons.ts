/**
 * One mobilityd per connection security, running side by side, and how a
 * client reaches each:
 *
 *   plain  plain TCP, no tokens (loopback callers are operators)
 *   token  plain TCP with --auth-tokens: every call carries a bearer token
 *   tls    TLS (server certificate signed by the bench CA), no tokens
 *   mtls   TLS with --tls-client-ca: every call comes with a client certificate
 *
 * Each has a host root of its own: the installer log in it is a hard link to
 * the sandbox's (the backfill reads the same bytes, from the same page cache),
 * the configurator log is its own file (the follow writes to each in turn).
 * Certificates and the token file live in the sandbox and go with it; the
 * token is only ever held in memory (never logged or saved in the results).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConnectionSecurity } from '../../client/connection/connection-security';
import { makeTestCertificates } from '../../test/helpers/test-certificates';
import type { BenchContext } from './context';
import { startDaemonProcess, type DaemonProcess } from './daemon-process';
import { installerLine } from './installer-lines';
import { CONFIGURATOR_LOG, INSTALLER_LOG, makeHostRoot } from './sandbox';

export type SecurityVariant = 'plain' | 'token' | 'tls' | 'mtls';

export const VARIANT_LABELS: Record<SecurityVariant, string> = {
  plain: 'plain TCP',
  token: 'plain TCP + token',
  tls: 'TLS',
  mtls: 'mTLS',
};

export interface SecuredDaemon {
  variant: SecurityVariant;
  daemon: DaemonProcess;
  /** What a client needs to reach this daemon. */
  security: ConnectionSecurity;
  /** The configurator log ("configurator") in this daemon's root, for followers. */
  followLog: string;
}

export async function startSecuredDaemons(ctx: BenchContext, variants: readonly SecurityVariant[]): Promise<SecuredDaemon[]> {
  const dir = path.join(ctx.sandbox.dir, 'security');
  // The tests' openssl-made set, in the bench's sandbox: CA, a server certificate for 127.0.0.1, client alice (an operator).
  const certs = makeTestCertificates(path.join(dir, 'certs'));
  const ca = fs.readFileSync(certs.ca.cert);
  const serverTls = ['--tls-cert', certs.server.cert, '--tls-key', certs.server.key];
  const tokensFile = path.join(dir, 'tokens.json');
  const setups: Record<SecurityVariant, () => { extraArgs: string[]; security: ConnectionSecurity }> = {
    plain: () => ({ extraArgs: [], security: {} }),
    token: () => ({ extraArgs: ['--auth-tokens', tokensFile], security: { token: createToken(ctx.daemonBundle, tokensFile) } }),
    tls: () => ({ extraArgs: serverTls, security: { tlsCa: ca } }),
    mtls: () => ({
      extraArgs: [...serverTls, '--tls-client-ca', certs.ca.cert],
      security: { tlsCa: ca, tlsCert: fs.readFileSync(certs.alice.cert), tlsKey: fs.readFileSync(certs.alice.key) },
    }),
  };
  const started: SecuredDaemon[] = [];
  try {
    // One at a time: four starting at once on two cores would make each start look slow.
    for (const variant of variants) {
      const { extraArgs, security } = setups[variant]();
      const root = path.join(dir, `root-${variant}`);
      const followLog = makeVariantRoot(root, ctx.sandbox.installerLog);
      const daemon = await startDaemonProcess(ctx.daemonBundle, ctx.sandbox, { extraArgs, root, stateDir: path.join(dir, `state-${variant}`) });
      started.push({ variant, daemon, security, followLog });
    }
    return started;
  } catch (err) {
    await Promise.all(started.map((s) => s.daemon.stop()));
    throw err;
  }
}

/** A host root sharing the installer log; answers its configurator log's path. */
function makeVariantRoot(root: string, installerLog: string): string {
  makeHostRoot(root);
  const linked = path.join(root, INSTALLER_LOG);
  if (fs.existsSync(installerLog)) {
    try {
      fs.linkSync(installerLog, linked);
    } catch {
      fs.copyFileSync(installerLog, linked); // another file system
    }
  }
  const followLog = path.join(root, CONFIGURATOR_LOG);
  fs.writeFileSync(followLog, Array.from({ length: 100 }, (_, i) => installerLine(i)).join(''));
  return followLog;
}

/** `mobilityd token create`, the way an administrator makes one; the token is its only stdout line. */
function createToken(bundle: string, tokensFile: string): string {
  const args = [bundle, 'token', 'create', '--tokens', tokensFile, '--name', 'bench', '--role', 'operator'];
  let out: string;
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`mobilityd token create failed: ${stderr || (err as Error).message}`);
  }
  const token = out.trim();
  if (!token || token.includes('\n')) throw new Error('mobilityd token create printed no single token line on stdout');
  return token;
}
