/**
 * An administration command (`mobilityd tls ...`, `mobilityd token ...`) run in
 * process: its exit code and what it wrote to stdout and stderr, each its own.
 */
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type AdminCommand = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

export async function runAdminCommand(command: AdminCommand, argv: string[]): Promise<CommandResult> {
  const out = new TextSink();
  const err = new TextSink();
  const code = await command(argv, out, err);
  return { code, stdout: out.text, stderr: err.text };
}

/** A command that must succeed: its stdout, trimmed (a test fails with its stderr otherwise). */
export async function adminOutput(command: AdminCommand, argv: string[]): Promise<string> {
  const result = await runAdminCommand(command, argv);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}
