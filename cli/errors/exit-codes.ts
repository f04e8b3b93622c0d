/**
 * mobilityctl's exit codes. Scripts branch on them, so they are part of the
 * CLI's contract: change them only with a major version.
 */
export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** mobilityd answered with an error (or a health status other than SERVING). */
  DaemonError: 1,
  /** The command line was wrong; nothing was sent. */
  Usage: 2,
  /** mobilityd could not be reached (not running, wrong address, no answer in time). */
  Unreachable: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code section of `mobilityctl --help`, kept next to the codes it documents. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  mobilityd answered with an error (or, for health, a status other than SERVING)
  2  usage error: unknown command, bad flag or value, malformed host address
  3  cannot reach mobilityd: not running, wrong address, or no answer before --timeout
`;
