/** `mobilityd tls ...`: to be written. Answers the exit code. */
export async function runTlsCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  err.write(`mobilityd tls: not written yet (${argv.join(' ')})\n`);
  void out;
  return 2;
}
