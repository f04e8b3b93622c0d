/**
 * The address of a host's mobilityd from its variables: ansible_host (else
 * the inventory name) and mobilityd_port (default 50051; ansible_port is
 * SSH's, not mobilityd's). A host whose mobilityd listens only on its Unix
 * socket (mobilityd_transport: ssh, or ansible_connection: ssh with
 * mobilityd_socket set) is reached over SSH: ssh://[user@]host[:ssh port][/socket].
 */
import { AddressError, DEFAULT_DAEMON_PORT, parseHostAddress } from '../connection/host-address';
import type { HostSettings } from './host-settings';
import { INVENTORY_VARIABLES } from './inventory-types';

const TRANSPORTS = ['tcp', 'ssh'];

export function inventoryAddress(settings: HostSettings): string {
  const explicit = settings.text('ansible_host');
  const host = explicit ?? settings.host;
  if (!/^[A-Za-z0-9.-]+$/.test(host) && !/^\[?[0-9A-Fa-f:.%\w]*:[0-9A-Fa-f:.%\w]*\]?$/.test(host)) {
    settings.fail(
      'ansible_host',
      explicit !== undefined
        ? `is "${host}", not a host name or IP address`
        : `is not set and the host name "${host}" is no DNS name or IP address; set ansible_host to the host's address`,
    );
  }
  if (usesSsh(settings)) return sshAddress(settings, host);
  const port = settings.port(INVENTORY_VARIABLES.port) ?? DEFAULT_DAEMON_PORT;
  try {
    return parseHostAddress(`${bracketed(host)}:${port}`);
  } catch (err) {
    if (!(err instanceof AddressError)) throw err;
    settings.fail('ansible_host', `gives a malformed address: ${err.rawMessage}`);
  }
}

function usesSsh(settings: HostSettings): boolean {
  const transport = settings.text(INVENTORY_VARIABLES.transport)?.toLowerCase();
  if (transport !== undefined && !TRANSPORTS.includes(transport)) {
    settings.fail(INVENTORY_VARIABLES.transport, `is "${transport}"; write tcp (gRPC to mobilityd_port, the default) or ssh (over SSH to mobilityd's Unix socket)`);
  }
  if (transport !== undefined) return transport === 'ssh';
  return settings.text('ansible_connection') === 'ssh' && settings.text(INVENTORY_VARIABLES.socket) !== undefined;
}

function sshAddress(settings: HostSettings, host: string): string {
  const user = settings.text('ansible_user') ?? settings.text('ansible_ssh_user');
  if (user !== undefined && !/^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/.test(user)) settings.fail('ansible_user', `is "${user}", not a user name`);
  const port = settings.port('ansible_port') ?? settings.port('ansible_ssh_port');
  const socket = settings.text(INVENTORY_VARIABLES.socket);
  const address = `ssh://${user === undefined ? '' : `${user}@`}${bracketed(host)}${port === undefined ? '' : `:${port}`}${socket ?? ''}`;
  try {
    return parseHostAddress(address);
  } catch (err) {
    if (!(err instanceof AddressError)) throw err;
    settings.fail(socket !== undefined ? INVENTORY_VARIABLES.socket : 'ansible_host', `gives a malformed address: ${err.rawMessage}`);
  }
}

/** An IPv6 address in brackets, so that the port after it is not read as part of it. */
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
