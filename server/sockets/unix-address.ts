/**
 * Listen addresses of the form unix:///absolute/path: a Unix socket, so that a
 * local administrator is authorised by the file's permissions (as with the
 * Docker socket). The same form grpc-js dials and binds.
 */
export const UNIX_SCHEME = 'unix://';

/** Meant as a Unix socket (well formed or not); "unix:50051" is a host named unix and its port. */
export function isUnixAddress(address: string): boolean {
  return /^unix:(?!\d+$)/i.test(address);
}

/**
 * The socket's absolute path, or undefined when the address is not
 * unix:// followed by an absolute path to a file (no trailing "/", no NUL:
 * a file name the kernel can bind).
 */
export function unixSocketPath(address: string): string | undefined {
  if (!address.startsWith(UNIX_SCHEME)) return undefined;
  const socketPath = address.slice(UNIX_SCHEME.length);
  if (!socketPath.startsWith('/') || socketPath.endsWith('/') || socketPath.includes('\0')) return undefined;
  // Linux's sun_path holds 107 bytes and a NUL; a longer path cannot be bound at all.
  if (Buffer.byteLength(socketPath) > 107) return undefined;
  return socketPath;
}
