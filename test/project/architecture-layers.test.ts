/**
 * The layers hold by themselves, checked on the real import graph: every
 * import, export-from, require() and import() of every TypeScript file, as
 * the TypeScript compiler's pre-processor finds them (comments and strings
 * are not imports), relative specifiers resolved to the file they name.
 * One rule per row; a failure names each offending import as
 * "file → specifier". contract/ and gen/ may be imported by every layer.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/repo-root';

interface LayerRule {
  /** The files the rule is about: everything under this folder (repo-relative, ending in "/"). */
  layer: string;
  /** Folders (ending in "/") and packages those files may not import. */
  mayNotImport: string[];
  why: string;
}

const RULES: LayerRule[] = [
  { layer: 'server/core/', mayNotImport: ['@grpc/grpc-js', 'express', 'vscode'], why: 'the domain knows no transport and no editor' },
  { layer: 'server/core/', mayNotImport: ['server/grpc/', 'server/rest/', 'server/daemon/'], why: 'the adapters use the domain, never the other way round' },
  { layer: 'server/grpc/', mayNotImport: ['express', 'server/rest/'], why: 'each adapter stands on the domain alone' },
  { layer: 'server/rest/', mayNotImport: ['@grpc/grpc-js', 'server/grpc/'], why: 'each adapter stands on the domain alone' },
  { layer: 'client/', mayNotImport: ['server/', 'cli/', 'extension/', 'vscode'], why: 'one client layer for the CLI, the extension, tests and benchmarks, apart from the daemon' },
  { layer: 'cli/', mayNotImport: ['server/', 'extension/', 'vscode'], why: 'mobilityctl talks to mobilityd through client/ only' },
  { layer: 'extension/', mayNotImport: ['server/', 'cli/'], why: 'the extension talks to mobilityd through client/ only, and shares no terminal code' },
  { layer: 'extension/src/model/', mayNotImport: ['vscode'], why: 'the model is plain TypeScript, tested by mocha without VS Code' },
  { layer: 'contract/', mayNotImport: ['server/', 'client/', 'cli/', 'extension/'], why: 'the contract is what both sides import' },
  { layer: 'gen/', mayNotImport: ['server/', 'client/', 'cli/', 'extension/', 'contract/'], why: 'generated code depends on nothing of ours' },
];

interface ImportEdge {
  /** Repo-relative path of the importing file. */
  file: string;
  /** The specifier as written. */
  specifier: string;
  /** What it names: a repo-relative path for a relative specifier, otherwise the package's name. */
  target: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.vscode-test']);

function typeScriptFiles(folder: string): string[] {
  const absolute = path.join(REPO_ROOT, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : typeScriptFiles(relative);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** "@grpc/grpc-js/build/src/x" → "@grpc/grpc-js"; "express/lib/x" → "express". */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function importsOf(file: string): ImportEdge[] {
  const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return ts.preProcessFile(source, true, true).importedFiles.map(({ fileName: specifier }) => ({
    file,
    specifier,
    target: specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : packageName(specifier),
  }));
}

/** A folder rule ("server/") matches anything under it, also the folder itself ("../server"); a package rule the package. */
function matches(target: string, forbidden: string): boolean {
  if (!forbidden.endsWith('/')) return target === forbidden;
  return target === forbidden.slice(0, -1) || target.startsWith(forbidden);
}

describe('architecture: the layers import only what they may', () => {
  const edges = [...new Set(RULES.map((rule) => rule.layer.split('/')[0]))].flatMap(typeScriptFiles).flatMap(importsOf);

  for (const rule of RULES) {
    it(`${rule.layer} imports none of ${rule.mayNotImport.join(', ')} (${rule.why})`, () => {
      const files = typeScriptFiles(rule.layer);
      assert.notEqual(files.length, 0, `${rule.layer} holds no TypeScript file: a rule on a folder that moved checks nothing`);
      const offending = edges
        .filter((edge) => edge.file.startsWith(rule.layer) && rule.mayNotImport.some((forbidden) => matches(edge.target, forbidden)))
        .map((edge) => `${edge.file} → '${edge.specifier}'`);
      assert.deepEqual(offending, [], `${rule.layer} may not import ${rule.mayNotImport.join(', ')}:\n  ${offending.join('\n  ')}`);
    });
  }
});
