/** mobilityd's entry point: parse options, start, stop cleanly on SIGINT/SIGTERM. */
import { MOBILITYD_VERSION } from '../../contract/version';
import type { Daemon } from './daemon';
import { parseDaemonArgs, USAGE, UsageError } from './daemon-options';
import { routeGrpcLogs } from './grpc-logs';
import { isUnixAddress } from '../sockets/unix-address';
import { insecureWarning } from '../core/access/exposure';
import { runTlsCommand } from './commands/tls-command';
import { runTokenCommand } from './commands/token-command';
import { runDialStdio } from './commands/dial-stdio-command';

/** `mobilityd tls ...`, `token ...` and `dial-stdio` are commands beside the daemon, not the daemon. */
const ADMIN_COMMANDS: Record<string, (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>> = {
  tls: runTlsCommand,
  token: runTokenCommand,
  'dial-stdio': (argv, out, err) => runDialStdio(argv, process.stdin, out, err),
};

async function main(): Promise<void> {
  const admin = ADMIN_COMMANDS[process.argv[2] ?? ''];
  if (admin) {
    process.exitCode = await admin(process.argv.slice(3), process.stdout, process.stderr);
    return;
  }
  let command;
  try {
    command = parseDaemonArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`mobilityd: ${(err as Error).message}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
  if (command.kind === 'help') return void process.stdout.write(USAGE);
  if (command.kind === 'version') return void process.stdout.write(`${MOBILITYD_VERSION}\n`);

  routeGrpcLogs();
  // Loaded only to serve: `mobilityd token ...` and `tls ...` start without the servers' code.
  const { startDaemon } = await import('./daemon');
  const daemon = await startDaemon(command.config);
  // Before the "listening" line: whoever reads it may signal at once, and the
  // default action would kill the daemon without its clean shutdown.
  const stop = (signal: string) => {
    process.stdout.write(`mobilityd: ${signal}, shutting down\n`);
    daemon.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const { root, stateDir } = command.config;
  process.stdout.write(
    `mobilityd ${MOBILITYD_VERSION} listening on ${daemon.addresses.join(', ')} (${grpcLabel(daemon)})` +
      (daemon.restAddresses.length ? `, ${daemon.restAddresses.map((a) => (isUnixAddress(a) ? a : `${daemon.tls ? 'https' : 'http'}://${a}`)).join(', ')} (REST)` : '') +
      ` (root ${root}, state ${stateDir})\n`,
  );
  if (daemon.tls) process.stderr.write(`mobilityd: TLS certificate ${daemon.tls.description}\n`);
  const warning = insecureWarning(command.config);
  if (warning) process.stderr.write(`mobilityd: ${warning}\n`);
}

/** "gRPC", or how its TCP listeners are secured: "gRPC, TLS with client certificates on TCP". */
function grpcLabel(daemon: Daemon): string {
  if (!daemon.tls) return 'gRPC';
  const clientCerts = daemon.tls.requireClientCertificate ? ' with client certificates' : '';
  return `gRPC, TLS${clientCerts}${daemon.addresses.some(isUnixAddress) ? ' on TCP' : ''}`;
}

main().catch((err) => {
  process.stderr.write(`mobilityd: ${(err as Error).message}\n`);
  process.exit(1);
});
