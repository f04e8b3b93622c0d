/** `mobilityd token --help`. */
export const TOKEN_USAGE = `Usage: mobilityd token create --tokens FILE --name NAME --role viewer|operator [--expires WHEN]
       mobilityd token list   --tokens FILE [--json]
       mobilityd token revoke --tokens FILE NAME

Bearer tokens for mobilityd (started with --auth-tokens FILE). The file holds a
SHA-256 hash of each token, never a token; mobilityd re-reads it when it changes,
so a new or revoked token counts at once, without a restart.

  create   makes a token, prints it once on stdout (only the token and a newline;
           notes go to stderr) and stores its hash. Creates FILE (mode 0600, its
           folder 0700) if it does not exist.
           --name NAME      who or what uses it, e.g. ci or alice@ops: 1 to 64 letters,
                            digits and . _ @ -, unique among tokens not revoked
           --role ROLE      viewer: status, logs, jobs, packages (read only)
                            operator: also install, register, cancel, upload, delete
           --expires WHEN   a lifetime (90m, 12h, 30d, 8w) or a time (2026-12-31 means
                            00:00 UTC that day; or 2026-12-31T18:00:00Z); default: never
  list     shows each token's name, role, state (active, expired, revoked) and
           times; never a token or its hash. --json for scripts.
  revoke   revokes the token NAME (or --name NAME) at once; its entry stays, marked
           revoked, so mobilityd can tell its holder why it is refused.

Options:
  --tokens FILE    the token file, e.g. /etc/mobilityd/tokens.json
  --config FILE    instead of --tokens: mobilityd's config file, whose authTokens names it
  -h, --help       print this help

Exit codes: 0 done, 1 failed (e.g. the name is taken or unknown), 2 usage error.
Example: TOKEN=$(mobilityd token create --tokens /etc/mobilityd/tokens.json --name ci --role operator --expires 90d)
`;
