/** A TLS file mobilityd cannot serve with; the message names the file and the fix. */
export class TlsFileError extends Error {}
