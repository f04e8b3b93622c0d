/** The files mobilityd serves TLS from, as configured (--tls-cert, --tls-key, --tls-client-ca). */
import type { DaemonConfig } from '../core/config/daemon-config';

export interface TlsFiles {
  /** PEM certificate, the server's own first, then any intermediates. */
  certFile: string;
  /** PEM private key of the first certificate (not encrypted). */
  keyFile: string;
  /** PEM CA certificates client certificates must be signed by; '' asks for no client certificate. */
  clientCaFile: string;
}

export type TlsFileRole = keyof TlsFiles;

/** What each file is called in messages, with the flag and config key that name it. */
export const TLS_FILE_ROLES: Record<TlsFileRole, { what: string; flag: string }> = {
  certFile: { what: 'TLS certificate', flag: '--tls-cert, config key tlsCert' },
  keyFile: { what: 'TLS private key', flag: '--tls-key, config key tlsKey' },
  clientCaFile: { what: 'client CA file', flag: '--tls-client-ca, config key tlsClientCa' },
};

/** The TLS files of a configuration, or undefined when TLS is off. */
export function tlsFilesOf(config: Pick<DaemonConfig, 'tlsCert' | 'tlsKey' | 'tlsClientCa'>): TlsFiles | undefined {
  if (config.tlsCert === '') return undefined;
  return { certFile: config.tlsCert, keyFile: config.tlsKey, clientCaFile: config.tlsClientCa };
}

/** "the TLS certificate /etc/mobilityd/tls/mobilityd.crt (--tls-cert, config key tlsCert)" */
export function describeTlsFile(files: TlsFiles, role: TlsFileRole): string {
  const { what, flag } = TLS_FILE_ROLES[role];
  return `the ${what} ${files[role]} (${flag})`;
}
