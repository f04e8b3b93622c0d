/**
 * `mobilityd token revoke NAME`: marks the token revoked (the entry stays, so
 * mobilityd can tell its holder "token NAME was revoked"). Revoking a token
 * that already is changes nothing and succeeds, so scripts may repeat it.
 */
import { quoteValue } from '../../../contract/quote-value';
import { changeTokenFile, readTokenFile } from '../../core/access/token-file-io';
import { parseTokenOptions, tokenFileOf, TokenUsageError } from './token-options';
import { TOKEN_USAGE } from './token-usage';

type Outcome = { revoked: true; role: string } | { revoked: false; at: string };

export async function revokeToken(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const options = parseTokenOptions('revoke', argv, ['name'], 1);
  if (options.help) {
    out.write(TOKEN_USAGE);
    return 0;
  }
  const file = tokenFileOf(options);
  const name = nameOf(options.name, options.positionals[0]);
  if (!(await readTokenFile(file))) throw new Error(`the token file ${file} does not exist, so it has no token ${quoteValue(name)} to revoke`);
  const now = new Date().toISOString();
  const outcome = await changeTokenFile<Outcome>(file, (data) => {
    const live = data.tokens.find((entry) => entry.name === name && entry.revoked === undefined);
    if (live) {
      const tokens = data.tokens.map((entry) => (entry === live ? { ...entry, revoked: now } : entry));
      return { data: { ...data, tokens }, result: { revoked: true, role: live.role } };
    }
    const earlier = data.tokens.filter((entry) => entry.name === name).pop();
    if (earlier?.revoked) return { data, result: { revoked: false, at: earlier.revoked }, unchanged: true };
    const names = [...new Set(data.tokens.map((entry) => entry.name))];
    throw new Error(`${file} has no token named ${quoteValue(name)}; ${names.length ? `the names there: ${names.join(', ')}` : 'it holds no tokens'}`);
  });
  if (outcome.revoked) out.write(`revoked ${outcome.role} token ${name}: mobilityd refuses it from now on\n`);
  else err.write(`mobilityd token: token ${name} was already revoked at ${outcome.at}; nothing changed\n`);
  return 0;
}

function nameOf(flag: string | undefined, positional: string | undefined): string {
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    throw new TokenUsageError(`two names given (--name ${quoteValue(flag)} and ${quoteValue(positional)}): revoke one token at a time`);
  }
  const name = flag ?? positional;
  if (name === undefined || name === '') throw new TokenUsageError('name the token to revoke: mobilityd token revoke --tokens FILE NAME (mobilityd token list shows the names)');
  return name;
}
