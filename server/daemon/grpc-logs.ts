/**
 * grpc-js's own log lines in mobilityd. grpc-js prints a failed bind itself
 * ("E No address added out of total 1 resolved") before mobilityd can say what
 * happened; mobilityd reports that failure in its own words (listen-error.ts),
 * so that one line is dropped. Everything else grpc-js logs (at the verbosity
 * GRPC_VERBOSITY and GRPC_TRACE ask for) still goes to stderr as grpc-js
 * writes it, so nothing an operator debugging gRPC needs is hidden.
 */
import { setLogger } from '@grpc/grpc-js';

/** The messages mobilityd reports itself, better worded. */
const REPORTED_BY_MOBILITYD = [/^No address added out of total \d+ resolved/];

export function routeGrpcLogs(): void {
  const write = (severity: string) => (message?: unknown, ...rest: unknown[]) => {
    const text = String(message);
    if (REPORTED_BY_MOBILITYD.some((pattern) => pattern.test(text))) return;
    console.error(`${severity} ${text}`, ...rest);
  };
  setLogger({ error: write('E'), info: write('I'), debug: write('D') });
}
