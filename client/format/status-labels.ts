/** The words people see for GetStatus's enums (the installer's own spellings where it has them). */
import {
  AgentRole,
  Platform,
  RegistrationState,
  SupportStatus,
  type AgentInfo,
  type DaemonSecurity,
  type OsInfo,
} from '../../gen/mobility/v1/agent_control_pb';

export function supportLabel(support: SupportStatus): string {
  switch (support) {
    case SupportStatus.SUPPORTED:
      return 'supported';
    case SupportStatus.MANUAL_INSTALLER:
      return 'supported; the installer must be downloaded and placed by hand';
    case SupportStatus.UNSUPPORTED:
      return 'not supported';
    default:
      return 'unknown';
  }
}

/** The support label with mobilityd's reason, e.g. "not supported — the agent needs a 64-bit system". */
export function supportText(os: OsInfo): string {
  return supportLabel(os.support) + (os.supportReason ? ` — ${os.supportReason}` : '');
}

/** "Ubuntu 20.04.6 LTS": the OS's own pretty name, else its name and version; empty when nothing is known. */
export function osName(os: OsInfo | undefined): string {
  return os?.prettyName || [os?.name, os?.version].filter(Boolean).join(' ');
}

/** MS/MT are what the installer's -r and /Role take, so that is what people should see. */
export function roleLabel(role: AgentRole): string {
  if (role === AgentRole.MOBILITY_SERVICE) return 'MS (Mobility service)';
  if (role === AgentRole.MASTER_TARGET) return 'MT (master target)';
  return 'unknown';
}

export function platformLabel(platform: Platform): string {
  if (platform === Platform.VMWARE) return 'VmWare';
  if (platform === Platform.AZURE) return 'Azure';
  return 'unknown';
}

export function registrationLabel(agent: AgentInfo): string {
  const cs = agent.csEndpoint ? ` with configuration server ${agent.csEndpoint}` : '';
  switch (agent.registration) {
    case RegistrationState.NOT_INSTALLED:
      return 'not installed';
    case RegistrationState.NOT_REGISTERED:
      return 'not registered';
    case RegistrationState.REGISTERED:
      return `registered${cs}`;
    case RegistrationState.FAILED:
      return `the last registration attempt failed${cs}`;
    default:
      return 'unknown';
  }
}

/**
 * How the daemon protects its connections, in one line: "TLS, client
 * certificates, tokens"; "INSECURE: <mobilityd's reason>" for a daemon started
 * with --allow-insecure beyond loopback.
 */
export function securityLabel(security: DaemonSecurity | undefined): string {
  if (!security) return 'not reported (a mobilityd older than this client)';
  if (security.insecure) return `INSECURE: ${security.insecureReason || 'started with --allow-insecure'}`;
  const parts = [security.tls ? 'TLS' : 'no TLS'];
  if (security.clientCertificates) parts.push('client certificates');
  if (security.tokens) parts.push('tokens');
  // Without TLS and credentials mobilityd listens only on loopback and Unix sockets (or it is insecure, above).
  if (!security.clientCertificates && !security.tokens) parts.push('no credentials (local connections only)');
  return parts.join(', ');
}
