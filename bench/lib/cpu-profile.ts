/**
 * Optional CPU profile of a bench child process (diagnostics): with
 * BENCH_CPU_PROF_DIR set, the process profiles itself and writes
 * <dir>/<name>-<pid>.cpuprofile when it exits (open it in Chrome DevTools).
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

export function profileFromEnv(name: string): void {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return;
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.once('exit', () => {
    // A main-thread session answers synchronously, so this works in an 'exit' handler.
    session.post('Profiler.stop', (err, result) => {
      if (!err) fs.writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
