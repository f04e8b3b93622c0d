/** `mobilityd token create|list|revoke`: the token file's administration. Answers the exit code. */
import { quoteValue } from '../../../contract/quote-value';
import { createToken } from './token-create-command';
import { listTokens } from './token-list-command';
import { TokenUsageError } from './token-options';
import { revokeToken } from './token-revoke-command';
import { TOKEN_USAGE } from './token-usage';

type Subcommand = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = { create: createToken, list: listTokens, revoke: revokeToken };

export async function runTokenCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    out.write(TOKEN_USAGE);
    return 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name ?? '') ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    err.write(`mobilityd token: ${name === undefined ? 'say what to do' : `unknown subcommand ${quoteValue(name)}`}: create, list or revoke\n\n${TOKEN_USAGE}`);
    return 2;
  }
  try {
    return await subcommand(rest, out, err);
  } catch (e) {
    const usage = e instanceof TokenUsageError;
    err.write(`mobilityd token ${name}: ${(e as Error).message}${usage ? ' (mobilityd token --help)' : ''}\n`);
    return usage ? 2 : 1;
  }
}
