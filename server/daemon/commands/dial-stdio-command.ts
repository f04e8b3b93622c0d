/**
 * `mobilityd dial-stdio`: stdin and stdout joined to mobilityd's Unix socket,
 * for clients that come over ssh (client/connection/ssh-tunnel.ts). Nothing is
 * read or changed on the way; the daemon authorises as for any local caller.
 */
import * as net from 'node:net';
import { parseArgs } from 'node:util';
import { unixSocketPath, UNIX_SCHEME } from '../../sockets/unix-address';
import { DEFAULT_DIAL_SOCKET, DIAL_STDIO_USAGE } from './dial-stdio-usage';

/** After stdin ends, how long the daemon may take to close its side before the socket is cut. */
const CLOSE_GRACE_MS = 5000;

export async function runDialStdio(
  argv: string[],
  input: NodeJS.ReadableStream & { destroy?(): void },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  let socketPath: string;
  try {
    const { values } = parseArgs({ args: argv, options: { socket: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) return out.write(DIAL_STDIO_USAGE), 0;
    socketPath = socketPathOf(values.socket ?? DEFAULT_DIAL_SOCKET);
  } catch (e) {
    err.write(`mobilityd dial-stdio: ${(e as Error).message} (mobilityd dial-stdio --help)\n`);
    return 2;
  }
  let socket: net.Socket;
  try {
    socket = await connect(socketPath);
  } catch (e) {
    err.write(`mobilityd dial-stdio: ${connectProblem(socketPath, e as NodeJS.ErrnoException)}\n`);
    return 1;
  }
  await relay(socket, input, out);
  input.destroy?.(); // stdin no longer keeps the process alive
  return 0;
}

/** unix:///PATH or /PATH, absolute. */
function socketPathOf(value: string): string {
  const address = value.startsWith('/') ? `${UNIX_SCHEME}${value}` : value;
  const socketPath = unixSocketPath(address);
  if (!socketPath) throw new Error(`--socket ${JSON.stringify(value)} is not a Unix socket: give unix:///PATH or /PATH, e.g. unix://${DEFAULT_DIAL_SOCKET}`);
  return socketPath;
}

function connect(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Bytes both ways until the daemon's side closes, stdin ends (then the daemon is asked to close too), or stdout breaks. */
function relay(socket: net.Socket, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined); // a reset ends the relay like a close
    out.on('error', () => socket.destroy()); // the reader (ssh) is gone
    socket.once('close', () => resolve());
    input.once('end', () => {
      socket.end();
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    });
    input.once('error', () => socket.destroy());
    input.pipe(socket, { end: false });
    socket.pipe(out, { end: false });
  });
}

function connectProblem(socketPath: string, e: NodeJS.ErrnoException): string {
  const listen = `mobilityd --listen unix://${socketPath}`;
  switch (e.code) {
    case 'ENOENT':
      return `no socket at ${socketPath}: start mobilityd listening there (${listen}), or give the socket it listens on with --socket unix:///PATH`;
    case 'ECONNREFUSED':
      return `${socketPath} refused the connection: no mobilityd listens there any more (a socket file left behind); start it again (${listen})`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${socketPath}: run as the socket's owner or a member of its group (mobilityd --socket-group NAME), e.g. log in over ssh as such a user`;
    case 'ENOTSOCK':
      return `${socketPath} is not a socket: give the socket mobilityd listens on with --socket unix:///PATH`;
    default:
      return `cannot connect to ${socketPath}: ${e.message}`;
  }
}
