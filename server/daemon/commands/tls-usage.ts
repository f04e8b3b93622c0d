/** `mobilityd tls --help`. */
export const DEFAULT_TLS_DAYS = 825;
export const MAX_TLS_DAYS = 3650;

export const TLS_USAGE = `Usage: mobilityd tls init --out DIR --host NAME [--host NAME]... [--ip ADDR]... [--days N] [--force]
       mobilityd tls fingerprint FILE

TLS for mobilityd's TCP listeners (started with --tls-cert FILE --tls-key FILE).

  init          makes a private key (ECDSA P-256) and a self-signed certificate for
                the names and addresses clients use to reach this host, as
                DIR/mobilityd.crt (mode 0644) and DIR/mobilityd.key (mode 0600; DIR
                is created 0755 if missing). Prints the certificate's fingerprint,
                sha256:<64 hex>, as the only line on stdout (notes go to stderr):
                clients pin it, or trust the .crt file itself as their CA.
                A running mobilityd started with these files takes new ones (--force)
                for new connections without a restart.
    --out DIR     where to write the two files
    --host NAME   a DNS name of this host (repeatable; the first is the subject CN),
                  e.g. web-01.example.com; no wildcards
    --ip ADDR     an IP address clients connect to (repeatable), e.g. 10.0.0.4 or ::1
    --days N      how long the certificate is valid, 1 to ${MAX_TLS_DAYS} (default ${DEFAULT_TLS_DAYS}, the
                  most Apple platforms accept)
    --force       replace existing files (clients that pin the old fingerprint need
                  the new one)
  fingerprint   prints the fingerprint of the certificate in FILE (PEM or DER; the
                first one of a chain), as init prints it

Options:
  -h, --help    print this help

Exit codes: 0 done, 1 failed (e.g. the files exist), 2 usage error.
Example: FINGERPRINT=$(mobilityd tls init --out /etc/mobilityd/tls --host "$(hostname -f)" --ip 10.0.0.4)
`;
