/**
 * A token file with one token of each kind a caller may hold, made the way an
 * administrator makes them (`mobilityd token create` and `revoke`, in
 * process); the expired one is written into the file by hand, since `create`
 * only takes future expiries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTokenFile, parseTokenFile } from '../../server/core/access/token-file';
import { hashToken } from '../../server/core/access/token-secret';
import { runTokenCommand } from '../../server/daemon/commands/token-command';
import { runAdminCommand } from './admin-command';

export interface TestTokens {
  file: string;
  /** Token "ci", role viewer. */
  viewer: string;
  /** Token "ops", role operator. */
  operator: string;
  /** Token "old-ci", a viewer that expired yesterday. */
  expired: string;
  /** Token "leaked", an operator, revoked. */
  revoked: string;
  /** Every token's text, for asserting that none leaks anywhere. */
  all(): string[];
}

/** `mobilityd token ARGS --tokens FILE`; throws with its stderr when it fails. */
export async function tokenCommand(file: string, ...args: string[]): Promise<string> {
  const result = await runAdminCommand(runTokenCommand, [...args, '--tokens', file]);
  if (result.code !== 0) throw new Error(`mobilityd token ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

export async function makeTestTokens(dir: string): Promise<TestTokens> {
  const file = path.join(dir, 'tokens.json');
  const viewer = await tokenCommand(file, 'create', '--name', 'ci', '--role', 'viewer');
  const operator = await tokenCommand(file, 'create', '--name', 'ops', '--role', 'operator');
  const revoked = await tokenCommand(file, 'create', '--name', 'leaked', '--role', 'operator');
  await tokenCommand(file, 'revoke', 'leaked');
  const expired = 'mobility_expiredEXPIREDexpiredEXPIREDexpiredEXPIRE';
  const data = parseTokenFile(fs.readFileSync(file, 'utf8'), file);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  data.tokens.push({ name: 'old-ci', role: 'viewer', hash: hashToken(expired), created: yesterday, expires: yesterday });
  fs.writeFileSync(file, formatTokenFile(data), { mode: 0o600 });
  return { file, viewer, operator, expired, revoked, all: () => [viewer, operator, expired, revoked] };
}
