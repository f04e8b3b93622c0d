/** `mobilityd tls init|fingerprint`: TLS files for mobilityd's listeners. Answers the exit code. */
import { quoteValue } from '../../../contract/quote-value';
import { tlsFingerprint } from './tls-fingerprint-command';
import { tlsInit } from './tls-init-command';
import { TlsUsageError } from './tls-names';
import { TLS_USAGE } from './tls-usage';

type Subcommand = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = { init: tlsInit, fingerprint: tlsFingerprint };

export async function runTlsCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help' || rest.includes('--help') || rest.includes('-h')) {
    out.write(TLS_USAGE);
    return 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name ?? '') ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    err.write(`mobilityd tls: ${name === undefined ? 'say what to do' : `unknown subcommand ${quoteValue(name)}`}: init or fingerprint\n\n${TLS_USAGE}`);
    return 2;
  }
  try {
    return await subcommand(rest, out, err);
  } catch (e) {
    const usage = e instanceof TlsUsageError;
    err.write(`mobilityd tls ${name}: ${(e as Error).message}${usage ? ' (mobilityd tls --help)' : ''}\n`);
    return usage ? 2 : 1;
  }
}
