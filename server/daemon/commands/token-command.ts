/** `mobilityd token ...`: to be written. Answers the exit code. */
export async function runTokenCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  err.write(`mobilityd token: not written yet (${argv.join(' ')})\n`);
  void out;
  return 2;
}
