/** mobilityd's entry point: parse options, start, stop cleanly on SIGINT/SIGTERM. */
import { MOBILITYD_VERSION } from '../../contract/version';
import { startDaemon } from './daemon';
import { parseDaemonArgs, USAGE, UsageError } from './daemon-options';
import { routeGrpcLogs } from './grpc-logs';
import { isUnixAddress } from '../sockets/unix-address';
import { insecureWarning } from '../core/access/exposure';
import { runTlsCommand } from './commands/tls-command';
import { runTokenCommand } from './commands/token-command';

/** `mobilityd tls ...` and `mobilityd token ...` are administration commands, not the daemon. */
const ADMIN_COMMANDS: Record<string, (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>> = {
  tls: runTlsCommand,
  token: runTokenCommand,
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
  const daemon = await startDaemon(command.config);
  const { root, stateDir } = command.config;
  process.stdout.write(
    `mobilityd ${MOBILITYD_VERSION} listening on ${daemon.addresses.join(', ')} (gRPC)` +
      (daemon.restAddresses.length ? `, ${daemon.restAddresses.map((a) => (isUnixAddress(a) ? a : `http://${a}`)).join(', ')} (REST)` : '') +
      ` (root ${root}, state ${stateDir})\n`,
  );
  const warning = insecureWarning(command.config);
  if (warning) process.stderr.write(`mobilityd: ${warning}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`mobilityd: ${signal}, shutting down\n`);
    daemon.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`mobilityd: ${(err as Error).message}\n`);
  process.exit(1);
});
