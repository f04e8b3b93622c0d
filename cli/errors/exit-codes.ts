/**
 * mobilityctl's exit codes. Scripts branch on them, so they are part of the
 * CLI's contract: change them only with a major version.
 */
export const ExitCode = {
  /** The command did what was asked (a job it waited for succeeded, possibly with a warning). */
  Ok: 0,
  /**
   * mobilityd answered with an error (or a health status other than SERVING), a
   * job that was waited for failed, was cancelled or was interrupted, or (with
   * --hosts) at least one host did not succeed.
   */
  DaemonError: 1,
  /** The command line was wrong; nothing was sent. */
  Usage: 2,
  /** mobilityd could not be reached (not running, wrong address, no answer in time); with --hosts: no host could. */
  Unreachable: 3,
  /**
   * The connection's security failed: the daemon's certificate is not trusted
   * (or not the pinned one), TLS does not match (a plain port, a client
   * certificate needed or refused), or the daemon refused the credentials
   * (UNAUTHENTICATED: no token, or one unknown, expired or revoked). A role
   * that does not allow the call is PERMISSION_DENIED, exit 1, as mobilityd's
   * other refusals are.
   */
  Security: 4,
  /** Ctrl-C (or SIGTERM) stopped the CLI while it waited; a job it waited for keeps running. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code section of `mobilityctl --help`, kept next to the codes it documents. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success; for install, register and job --watch: the job succeeded, or it
     ended with a warning (the agent works; the warning is printed)
  1  mobilityd answered with an error (or, for health, a status other than
     SERVING); a job that was waited for failed, was cancelled or was
     interrupted; with --hosts: at least one host failed or was unreachable
  2  usage error: unknown command, bad flag or value, malformed host address
  3  cannot reach mobilityd: not running, wrong address, or no answer before
     --timeout; with --hosts: no host could be reached
  4  connection security: the daemon's certificate is not trusted or not the
     pinned one, TLS does not match (a plain port, a client certificate needed
     or refused), or mobilityd refused the token (missing, unknown, expired,
     revoked); a role that does not allow the call is exit 1
  130  interrupted (Ctrl-C) while waiting; a job keeps running on its host
`;
