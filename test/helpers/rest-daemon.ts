/**
 * A daemon per test for the REST API tests: its installer log's path, plain
 * requests to its REST API, and log streams over it read as they arrive.
 */
import { openHttpTail } from './http-tail';
import { useTestDaemon } from './test-daemon';

/** Call inside a describe: registers the daemon's hooks and returns it with the REST helpers. */
export function useRestDaemon() {
  const daemon = useTestDaemon();
  /** The installer log on disk. */
  const log = () => daemon().logPath('installer');
  const get = (urlPath: string, init?: RequestInit) => fetch(`${daemon().restUrl}${urlPath}`, init);
  /** GET /v1/logs/installer with `query`, as NDJSON or (with `sse`) Server-Sent Events. */
  const tail = (query: string, init?: RequestInit & { sse?: boolean }) => openHttpTail(daemon().restUrl, `/v1/logs/installer${query}`, init);
  return { daemon, log, get, tail };
}
