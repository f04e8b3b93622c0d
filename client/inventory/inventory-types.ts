/**
 * An Ansible inventory as mobilityctl and the extension use it: the hosts to
 * talk to, each with the address of its mobilityd and how to reach it
 * securely, and the groups they are in (for --limit and the Hosts tree's
 * folders). Made by load-inventory.ts from an INI or YAML inventory.
 */
import type { ConnectionSecurity } from '../connection/connection-security';

/** Where a host's mobilityd settings come from, per host or per group, as inventory variables. */
export const INVENTORY_VARIABLES = {
  /** mobilityd's gRPC port on the host (default 50051). */
  port: 'mobilityd_port',
  /** sha256:<hex> fingerprint of the host's certificate, as `mobilityd tls init` printed it (pins it; implies TLS). */
  tlsFingerprint: 'mobilityd_tls_fingerprint',
  /** A PEM CA file on the controller that signs the host's certificate (implies TLS). */
  tlsCa: 'mobilityd_tls_ca',
  /** Speak TLS (true/false) when neither of the above says so. */
  tls: 'mobilityd_tls',
  /** A file on the controller holding the bearer token for this host (never the token itself). */
  tokenFile: 'mobilityd_token_file',
  /** Reach mobilityd over SSH to its Unix socket: ssh://[user@]host[:port] is used as the address. */
  transport: 'mobilityd_transport',
  /** The host's mobilityd Unix socket (for ssh://), default /run/mobilityd/mobilityd.sock. */
  socket: 'mobilityd_socket',
} as const;

/** How a host's mobilityd is reached securely: file names, read by the client when it connects. */
export interface InventorySecurity {
  tls?: boolean;
  tlsFingerprint?: string;
  /** Absolute path on the controller (relative paths are resolved against the inventory file's folder). */
  tlsCaFile?: string;
  /** Absolute path on the controller. */
  tokenFile?: string;
}

export interface InventoryHost {
  /** The inventory's host name (what --limit and the tree show). */
  name: string;
  /** mobilityd's address as parseHostAddress accepts it: host:port, or ssh://[user@]host[:port]. */
  address: string;
  /** Every group the host is in, directly or through a parent group, "all" and "ungrouped" left out; sorted. */
  groups: string[];
  security: InventorySecurity;
}

export interface InventoryGroup {
  name: string;
  /** Host names directly in this group or its children, sorted. */
  hosts: string[];
  /** Direct child groups, sorted. */
  children: string[];
}

export interface Inventory {
  /** The inventory file, absolute. */
  file: string;
  /** In the inventory's order. */
  hosts: InventoryHost[];
  groups: InventoryGroup[];
  /** How it was read: "ansible-inventory" when that program was used, else "builtin". */
  source: 'ansible-inventory' | 'builtin';
}

export interface LoadInventoryOptions {
  /** An Ansible --limit pattern: host or group names, "*" wildcards, "a:b" union, "a:&b" intersection, "a:!b" exclusion. */
  limit?: string;
  /** Use `ansible-inventory --list` when it is on PATH (default true); the built-in parser otherwise. */
  useAnsible?: boolean;
}

/** The security a client needs for a host, its files read (the client layer's type). */
export type ResolvedInventorySecurity = ConnectionSecurity;
