/** `mobilityd dial-stdio --help`. */
export const DEFAULT_DIAL_SOCKET = '/run/mobilityd/mobilityd.sock';

export const DIAL_STDIO_USAGE = `Usage: mobilityd dial-stdio [--socket unix:///PATH]

Connects stdin and stdout to mobilityd's gRPC Unix socket, byte for byte, and
exits when either side closes. Clients reaching a host as ssh://[user@]host run
it there through ssh (like docker system dial-stdio), so mobilityd needs no open
port: SSH logs the user in, and the socket file's owner, group and mode decide
who may talk to mobilityd.

Options:
  --socket ADDR  the socket mobilityd listens on (--listen unix:///PATH), as
                 unix:///PATH or /PATH (default unix://${DEFAULT_DIAL_SOCKET})
  -h, --help     print this help

Exit codes: 0 done, 1 cannot connect to the socket (stderr says why and what to do),
2 usage error.
`;
