/**
 * Where to register and with which passphrase (register, and install with
 * --cs-endpoint). The passphrase is never a command-line value: a value there
 * is visible to every user of the machine (ps, /proc/PID/cmdline) and stays in
 * shell history. It comes from a local file, from standard input, or from a
 * file that already exists on the host. It is never printed.
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { isIP } from 'node:net';
import * as readline from 'node:readline';
import { LocalFileError } from '../../client/errors/local-file-error';
import { isAbsoluteHostFilePath } from '../../client/jobs/host-path';
import { dropTrailingNewline, MAX_PASSPHRASE_BYTES, readPassphraseFile } from '../../client/registration/passphrase-file';
import type { RegistrationSchema } from '../../gen/mobility/v1/agent_control_pb';
import type { OptionSpec, ParsedArgs } from '../command-line';
import { UsageError } from '../errors/cli-error';

export const REGISTRATION_OPTIONS = {
  'cs-endpoint': { type: 'string' },
  'passphrase-file': { type: 'string' },
  'passphrase-stdin': { type: 'boolean' },
  'host-passphrase-file': { type: 'string' },
  // Accepted by the parser only to be refused with the reason (see refusePassphraseValue).
  passphrase: { type: 'string' },
} satisfies OptionSpec;

export const REGISTRATION_OPTIONS_HELP = `  --cs-endpoint IP            the configuration server's IP address (IPv4 or IPv6)
  --passphrase-file PATH      read the passphrase from this LOCAL file and send it;
                              mobilityd keeps it in a private file only while the
                              configurator runs
  --passphrase-stdin          read the passphrase from standard input (one trailing
                              newline is dropped)
  --host-passphrase-file PATH use a passphrase file that already exists ON THE HOST,
                              in one of mobilityd's passphrase folders (default
                              /etc/mobilityd/passphrases; mobilityd --passphrase-dir
                              adds others); only the path is sent
  The passphrase is never a command-line value (--passphrase is refused): other
  users of this machine could read it in the process list or shell history.
  The passphrase is never printed.`;

export type PassphraseSource =
  | { kind: 'local-file'; path: string }
  | { kind: 'stdin' }
  | { kind: 'host-file'; path: string };

export interface RegistrationChoice {
  csEndpoint: string;
  source: PassphraseSource;
}

/**
 * The registration the flags ask for, checked before anything is read or sent;
 * undefined when none was asked for and none is required.
 */
export function parseRegistrationOptions(args: ParsedArgs, command: string, required: boolean): RegistrationChoice | undefined {
  const v = args.values;
  refusePassphraseValue(args, command);
  const csEndpoint = v['cs-endpoint'] as string | undefined;
  const sources: PassphraseSource[] = [];
  if (v['passphrase-file'] !== undefined) sources.push({ kind: 'local-file', path: v['passphrase-file'] as string });
  if (v['passphrase-stdin'] === true) sources.push({ kind: 'stdin' });
  if (v['host-passphrase-file'] !== undefined) sources.push({ kind: 'host-file', path: v['host-passphrase-file'] as string });
  if (sources.length > 1) {
    throw new UsageError('--passphrase-file, --passphrase-stdin and --host-passphrase-file exclude each other: give the passphrase one way', command);
  }
  if (csEndpoint === undefined && sources.length === 0 && !required) return undefined;
  if (csEndpoint === undefined) {
    throw new UsageError(`${command} needs --cs-endpoint IP: the configuration server to register with`, command);
  }
  if (isIP(csEndpoint) === 0) {
    throw new UsageError(`--cs-endpoint must be the configuration server's IP address (IPv4 or IPv6), not "${csEndpoint}"`, command);
  }
  if (sources.length === 0) {
    throw new UsageError('registering needs the passphrase: pass --passphrase-file PATH, --passphrase-stdin or --host-passphrase-file PATH', command);
  }
  const source = sources[0];
  if (source.kind !== 'stdin' && source.path === '') throw new UsageError('the passphrase file path is empty', command);
  if (source.kind === 'host-file' && !isAbsoluteHostFilePath(source.path)) {
    throw new UsageError(
      `--host-passphrase-file must be an absolute path on the host (e.g. /etc/mobilityd/passphrases/MobSvc.passphrase), not "${source.path}"; for a file on this machine use --passphrase-file`,
      command,
    );
  }
  return { csEndpoint, source };
}

/** `--passphrase VALUE` is refused before anything else, and the value is never repeated. */
export function refusePassphraseValue(args: ParsedArgs, command: string): void {
  if (args.values.passphrase === undefined) return;
  throw new UsageError(
    '--passphrase is refused: a passphrase on the command line can be read by other users in the process list ' +
      'and stays in shell history; use --passphrase-file PATH (a local file), --passphrase-stdin, ' +
      'or --host-passphrase-file PATH (a file already on the host)',
    command,
  );
}

/** The Registration message: reads the local file or standard input when the passphrase comes from there. */
export async function readRegistration(
  choice: RegistrationChoice,
  command: string,
): Promise<MessageInitShape<typeof RegistrationSchema>> {
  const { csEndpoint, source } = choice;
  if (source.kind === 'host-file') return { csEndpoint, passphraseSource: { case: 'passphraseFile', value: source.path } };
  const passphrase = source.kind === 'stdin' ? await readStdinPassphrase(command) : await readFilePassphrase(source.path, command);
  return { csEndpoint, passphraseSource: { case: 'passphrase', value: passphrase } };
}

async function readFilePassphrase(file: string, command: string): Promise<string> {
  try {
    return await readPassphraseFile(file);
  } catch (err) {
    throw err instanceof LocalFileError ? new UsageError(err.message, command) : err;
  }
}

/** A terminal gives one line (no need to press Ctrl-D); a pipe or file gives everything up to its end. */
async function readStdinPassphrase(command: string): Promise<string> {
  const stdin = process.stdin;
  let text: string;
  if (stdin.isTTY) {
    process.stderr.write('Passphrase of the configuration server: ');
    const lines = readline.createInterface({ input: stdin, terminal: false });
    text = await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    lines.close();
    stdin.pause();
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > MAX_PASSPHRASE_BYTES) throw new UsageError('standard input holds more than 64 KiB; a passphrase is one short line', command);
    }
    text = dropTrailingNewline(Buffer.concat(chunks).toString('utf8'));
  }
  if (text === '') throw new UsageError('the passphrase from standard input is empty', command);
  return text;
}
