/**
 * Paths in job requests (the install location, a passphrase file already on
 * the host) are paths on the host, which may run Linux or Windows: checked
 * before sending so a typo costs no round trip (mobilityd checks them too).
 */

/** Linux /path or Windows C:\path (the install location). */
export function isAbsoluteHostPath(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text);
}

/** Also a UNC \\server\share path (a file the host reads, e.g. a passphrase file). */
export function isAbsoluteHostFilePath(text: string): boolean {
  return isAbsoluteHostPath(text) || text.startsWith('\\\\');
}
