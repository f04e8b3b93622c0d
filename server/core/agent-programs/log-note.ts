/**
 * mobilityd's own lines in the installer and configurator logs ("mobilityd:
 * job X runs ..."), stamped like the program output around them, so that a
 * person tailing the log sees which job and which command produced it.
 * Never given a secret: command lines carry only the passphrase file's path.
 */
import { LogAppender } from './log-appender';

export async function logNote(file: string, text: string): Promise<void> {
  const log = await LogAppender.open(file);
  log.append([`mobilityd: ${text}`]);
  await log.flush();
}
