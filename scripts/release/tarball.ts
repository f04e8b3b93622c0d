/** The plain archive: one folder with the two executables, the systemd unit and the default config, for hosts without dpkg or rpm. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { DEFAULT_CONFIG, EXECUTABLES, GZIP_LEVEL, UNIT_FILE } from './release-layout';

/**
 * Writes `output` (.tar.gz) holding FOLDER/{mobilityd,mobilityctl,mobilityd.service,config.json},
 * FOLDER being the archive's name without .tar.gz. Owner root, GZIP_LEVEL.
 */
export async function makeTarball(executablesDir: string, output: string, workDir: string): Promise<void> {
  const folderName = path.basename(output).replace(/\.tar\.gz$/, '');
  const folder = path.join(workDir, folderName);
  await fs.promises.mkdir(folder, { recursive: true });
  for (const name of EXECUTABLES) await fs.promises.copyFile(path.join(executablesDir, name), path.join(folder, name));
  await fs.promises.copyFile(UNIT_FILE, path.join(folder, 'mobilityd.service'));
  await fs.promises.copyFile(DEFAULT_CONFIG, path.join(folder, 'config.json'));
  await tar.create({ gzip: { level: GZIP_LEVEL }, file: output, cwd: workDir, portable: true, uid: 0, gid: 0 }, [folderName]);
}
