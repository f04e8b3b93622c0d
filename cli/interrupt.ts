/**
 * Ctrl-C (SIGINT) or SIGTERM asks a long-running command to stop cleanly, e.g.
 * cancel its stream and exit 0. A second signal exits at once, so a stop that
 * hangs can never trap the user.
 */
export function onInterrupt(stop: () => void): () => void {
  let signals = 0;
  const handler = () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
