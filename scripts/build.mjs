// Bundles the daemon and the CLI with esbuild into dist/ (one file each,
// grpc-js and protobuf-es inside), so they start fast and need no node_modules.
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

await Promise.all([
  build({ ...common, entryPoints: ['server/daemon/main.ts'], outfile: 'dist/mobilityd.cjs' }),
  build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/mobilityctl.cjs' }),
]);
