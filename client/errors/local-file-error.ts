/**
 * A local file the client was asked to read or send (an installer package, a
 * passphrase file) cannot be used: the message names the file and says why.
 * It is this machine's problem, not the host's, so it is no ClientError.
 */
export class LocalFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalFileError';
  }
}
