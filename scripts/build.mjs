// Bundles with esbuild, one file each, grpc-js and protobuf-es inside, so they
// start fast and need no node_modules:
//   dist/mobilityd.cjs, dist/mobilityctl.cjs   the daemon and the CLI
//   extension/dist/extension.js                the VS Code extension (vscode external, minified)
// `node scripts/build.mjs` builds all three; `node scripts/build.mjs extension` (or daemon, cli) only those named.
import { statSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** The extension ships as a .vsix; the budget for its bundle. */
const EXTENSION_MAX_BYTES = 1.5 * 1024 * 1024;

const targets = {
  daemon: () => build({ ...common, entryPoints: ['server/daemon/main.ts'], outfile: 'dist/mobilityd.cjs' }),
  cli: () => build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/mobilityctl.cjs' }),
  extension: async () => {
    const outfile = 'extension/dist/extension.js';
    await build({ ...common, entryPoints: ['extension/src/extension.ts'], outfile, external: ['vscode'], minify: true });
    const size = statSync(outfile).size;
    console.log(`${outfile}: ${(size / 1024).toFixed(1)} KiB (budget ${EXTENSION_MAX_BYTES / 1024} KiB)`);
    if (size > EXTENSION_MAX_BYTES) throw new Error(`${outfile} is ${size} bytes, over the ${EXTENSION_MAX_BYTES}-byte budget`);
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in targets)) {
    console.error(`build.mjs: unknown target "${name}"; choose from ${Object.keys(targets).join(', ')}`);
    process.exit(2);
  }
}
await Promise.all((wanted.length ? wanted : Object.keys(targets)).map((name) => targets[name]()));
