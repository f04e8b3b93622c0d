/**
 * Binds a net.Server (an http.Server too) to a Unix socket file, for both
 * adapters:
 *   - the parent folder is created if missing (0755: the socket's own mode is
 *     what guards it);
 *   - a socket file left by a crashed daemon is removed only when nothing
 *     answers on it (ECONNREFUSED); a live one is "in use"; anything that is
 *     not a socket is refused and never deleted;
 *   - the file is 0660 from the moment it exists: the umask is set to 0117
 *     around the bind. Node binds a pipe synchronously inside listen(), so the
 *     process-wide umask is changed for no other code. A chmod after bind
 *     would leave the file at the umask's mode (0777 under umask 0) until it
 *     ran, and the kernel checks the mode at connect(2) time;
 *   - the group (--socket-group) is set by chown in the same synchronous step,
 *     before the event loop can accept a connection; until then the group is
 *     the daemon's own primary group, never other users;
 *   - the file is removed when the server closes (libuv unlinks a bound pipe
 *     on close; checked again here in case it did not).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const SOCKET_MODE = 0o660;
/** 0777 & ~0117 = 0660: read and write for owner and group, nothing for others, no x bits. */
const BIND_UMASK = 0o117;

export interface UnixSocketOptions {
  /** The socket file's group (--socket-group resolved); the process's own group when undefined. */
  gid?: number;
  /** The flag that chose the address, for the messages: --listen or --rest-listen. */
  flag: string;
  /** What listens there, for the messages: gRPC or the REST API. */
  what: string;
}

/** Binds `server` to `socketPath`; resolves once it listens with its final mode and group. */
export async function listenOnUnixSocket(server: net.Server, socketPath: string, options: UnixSocketOptions): Promise<void> {
  const fail = (cause: string) => new Error(`cannot listen on unix://${socketPath} (${options.what}): ${cause}`);
  try {
    makeFolders(path.dirname(socketPath));
  } catch (err) {
    throw fail(`cannot create its folder ${path.dirname(socketPath)}: ${(err as Error).message}`);
  }
  await removeStaleSocket(socketPath, fail, options.flag);

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(fail(`${err.message}; choose another path with ${options.flag}`));
    server.once('error', onError);
    const previous = process.umask(BIND_UMASK);
    try {
      server.listen(socketPath);
    } finally {
      process.umask(previous);
    }
    if (!server.listening) return; // the bind failed: 'error' follows
    try {
      if (options.gid !== undefined) fs.chownSync(socketPath, -1, options.gid);
      fs.chmodSync(socketPath, SOCKET_MODE); // already so by the umask; says the intent, and holds on odd file systems
    } catch (err) {
      server.off('error', onError);
      server.close();
      reject(fail(`cannot set its group or mode: ${(err as Error).message}`));
      return;
    }
    server.off('error', onError);
    resolve();
  });
  const bound = fs.statSync(socketPath);
  server.once('close', () => removeIfSame(socketPath, bound));
}

/** Creates the folder and any missing parents as 0755 exactly (mkdir's mode is cut by the umask). */
function makeFolders(folder: string): void {
  const first = fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
  if (first === undefined) return; // it was there: its mode is the administrator's
  for (let dir = folder; dir.length >= first.length; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
}

/** A socket file nobody answers on is a crashed daemon's leftover; anything else stays. */
async function removeStaleSocket(socketPath: string, fail: (cause: string) => Error, flag: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fail((err as Error).message);
  }
  if (!stat.isSocket()) {
    throw fail(`${socketPath} exists and is not a socket; mobilityd does not remove it. Move it away or choose another path with ${flag}`);
  }
  const answer = await probe(socketPath);
  if (answer === 'live') {
    throw fail(`the address is already in use: a program answers on ${socketPath} (another mobilityd?); stop it or choose another path with ${flag}`);
  }
  if (answer !== 'ECONNREFUSED') {
    throw fail(`cannot tell whether ${socketPath} is still in use (${answer}); remove it if no program uses it, or choose another path with ${flag}`);
  }
  fs.rmSync(socketPath, { force: true });
}

/** 'live' when something accepts a connection; otherwise the connect error's code. */
function probe(socketPath: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Removes the socket file unless it is gone or is no longer the one this server bound. */
function removeIfSame(socketPath: string, bound: fs.Stats): void {
  try {
    const now = fs.lstatSync(socketPath);
    if (now.ino === bound.ino && now.dev === bound.dev) fs.rmSync(socketPath, { force: true });
  } catch {
    // already gone: libuv unlinks a bound pipe on close
  }
}
