/**
 * A Node single executable application (SEA): a copy of this node binary with
 * the bundle injected as the NODE_SEA_BLOB resource, so the host needs no
 * Node.js. The bundles (scripts/build.mjs) are self-contained CommonJS and
 * require only Node's built-in modules, which is all a SEA's require offers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './release-layout';
import { runTool } from './run-tool';

/** The fuse Node looks for to know a blob is injected (fixed by Node, see its single-executable docs). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT = path.join(REPO_ROOT, 'node_modules', 'postject', 'dist', 'cli.js');

/**
 * Writes the executable `output` from `bundle`, using `workDir` for the
 * SEA config and blob. postject runs as a child process: two executables are
 * injected in parallel, one per core.
 */
export async function makeSeaExecutable(bundle: string, output: string, workDir: string): Promise<void> {
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  if (!fs.existsSync(POSTJECT)) throw new Error(`postject is missing (${POSTJECT}): run npm install`);
  await fs.promises.mkdir(workDir, { recursive: true });
  const name = path.basename(output);
  const blob = path.join(workDir, `${name}.blob`);
  const config = path.join(workDir, `${name}.sea-config.json`);
  await fs.promises.writeFile(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }, null, 2));
  await runTool(process.execPath, ['--experimental-sea-config', config]);
  await fs.promises.copyFile(process.execPath, output);
  await fs.promises.chmod(output, 0o755);
  await runTool(process.execPath, [POSTJECT, output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
}
