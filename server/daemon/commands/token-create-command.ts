/**
 * `mobilityd token create`: a new token, printed once on stdout and stored only
 * as a hash. Notes (where it went, when it expires) go to stderr, so
 * `TOKEN=$(mobilityd token create ...)` captures the token and nothing else.
 */
import { quoteValue } from '../../../contract/quote-value';
import { parseRole, ROLES } from '../../core/access/roles';
import { tokenState, TOKEN_NAME_PATTERN, TOKEN_NAME_RULE, type TokenEntry } from '../../core/access/token-file';
import { changeTokenFile } from '../../core/access/token-file-io';
import { generateToken, hashToken } from '../../core/access/token-secret';
import { parseExpiry } from './token-expiry';
import { parseTokenOptions, tokenFileOf, TokenUsageError } from './token-options';
import { TOKEN_USAGE } from './token-usage';

export async function createToken(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const options = parseTokenOptions('create', argv, ['name', 'role', 'expires']);
  if (options.help) {
    out.write(TOKEN_USAGE);
    return 0;
  }
  const file = tokenFileOf(options);
  const name = checkedName(options.name);
  const role = parseRole(options.role ?? '');
  if (!role) {
    throw new TokenUsageError(
      `${options.role === undefined ? '--role is missing' : `--role ${quoteValue(options.role)} is not a role`}: give --role ${ROLES.join(' or ')} ` +
        '(viewer reads status, logs, jobs and packages; operator may also install, register, cancel, upload and delete)',
    );
  }
  const now = Date.now();
  let expires: Date | undefined;
  try {
    expires = options.expires === undefined ? undefined : parseExpiry(options.expires, now);
  } catch (e) {
    throw new TokenUsageError((e as Error).message);
  }

  const token = generateToken();
  const entry: TokenEntry = { name, role, hash: hashToken(token), created: new Date(now).toISOString() };
  if (expires) entry.expires = expires.toISOString();
  await changeTokenFile(file, (data) => {
    const taken = data.tokens.find((other) => other.name === name && other.revoked === undefined);
    if (taken) {
      throw new Error(
        `a token named ${name} already exists in ${file} (${taken.role}, ${tokenState(taken, now)}, created ${taken.created}); ` +
          `revoke it first (mobilityd token revoke --tokens ${file} ${name}) or choose another name`,
      );
    }
    return { data: { ...data, tokens: [...data.tokens, entry] }, result: undefined };
  });
  out.write(`${token}\n`);
  err.write(
    `mobilityd token: created ${role} token ${name} in ${file}; ` +
      `${expires ? `it expires at ${expires.toISOString()}` : 'it does not expire'}. ` +
      'It is shown only this once: store it now (mobilityd keeps only its hash)\n',
  );
  return 0;
}

function checkedName(name: string | undefined): string {
  if (name === undefined) throw new TokenUsageError('--name is missing: name the token after who or what uses it, e.g. --name ci');
  if (!TOKEN_NAME_PATTERN.test(name)) throw new TokenUsageError(`--name ${quoteValue(name)} is not a token name: ${TOKEN_NAME_RULE}`);
  return name;
}
