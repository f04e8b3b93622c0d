/**
 * The catalog of explanations (contract/explanations): every family, every code the reference doc
 * lists, and the doc's own table of the catalog, held together so neither drifts; and the lookups.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPLANATIONS,
  FAMILIES,
  explainCode,
  explainExit,
  familyOfProgram,
  type Family,
} from '../../contract/explanations';
import { EXPLANATION_TABLE_HEADER, EXPLANATION_TABLE_HEADING, explanationRow } from '../helpers/explanation-table';
import { codesIn, markdownTables } from '../helpers/markdown-tables';
import { REPO_ROOT } from '../helpers/repo-root';

const DOC = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'agent-reference.md'), 'utf8');
const TABLES = markdownTables(DOC);

function table(heading: string) {
  const found = TABLES.find((t) => t.heading === heading);
  assert.ok(found, `docs/agent-reference.md has no table under "${heading}"`);
  return found;
}

function assertExplained(code: number, family: Family): void {
  assert.ok(explainCode(code, family).length === 1, `${family} code ${code} (in docs/agent-reference.md) has no entry in the catalog`);
}

describe('the catalog of explanations', () => {
  it('has entries in every family, each (code, family) once', () => {
    for (const family of FAMILIES) assert.ok(EXPLANATIONS.some((e) => e.family === family), `no ${family} entry`);
    const keys = EXPLANATIONS.map((e) => `${e.family}:${e.code}`);
    assert.equal(new Set(keys).size, keys.length, 'a code is explained twice in one family');
  });

  it('has no empty summary, meaning or remedy; a meaning is a sentence', () => {
    for (const e of EXPLANATIONS) {
      const name = `${e.family} ${e.code}`;
      for (const field of ['summary', 'meaning', 'remedy'] as const) assert.ok(e[field].trim().length > 0, `${name}: empty ${field}`);
      assert.match(e.meaning, /\.$/, `${name}: the meaning is not a sentence`);
      assert.match(e.remedy, /\.$/, `${name}: the remedy is not a sentence`);
    }
  });

  it('says so where the public documentation gives no meaning, instead of inventing one', () => {
    const undocumented = EXPLANATIONS.filter((e) => !e.documented);
    assert.deepEqual(undocumented.map((e) => e.code), [512, 802]);
    for (const e of undocumented) assert.match(e.meaning, /not documented publicly/);
  });

  describe('against docs/agent-reference.md', () => {
    it('explains every code of the installer exit-code table', () => {
      const codes = table('Exit codes').rows.map((row) => Number(row[0]));
      assert.deepEqual(codes, [0, 98, 96, 97, 99, 11, 15]);
      for (const code of codes) assertExplained(code, 'installer');
    });

    it('explains every push-install error ID of its table', () => {
      const ids = table('Push-install error IDs').rows.flatMap((row) => codesIn(row[0]));
      assert.equal(ids.length, 23);
      for (const id of ids) assertExplained(id, 'push-install');
      assert.equal(EXPLANATIONS.filter((e) => e.family === 'push-install').length, ids.length, 'an ID the doc does not list');
    });

    it('explains every VSS provider code and both configurator codes the doc names', () => {
      const vss = DOC.match(/Exit codes the VSS provider's installation reports: ([\d, ]+)\./);
      assert.ok(vss, 'the VSS provider line is gone from the doc');
      for (const code of codesIn(vss[1])) assertExplained(code, 'vss');
      assert.match(DOC, /The configurator: 0 success; 14 means/);
      for (const code of [0, 14]) assertExplained(code, 'configurator');
    });

    it(`its "${EXPLANATION_TABLE_HEADING}" table is the catalog, row for row`, () => {
      const doc = table(EXPLANATION_TABLE_HEADING);
      assert.deepEqual(doc.header, EXPLANATION_TABLE_HEADER);
      // On a mismatch, `explanationTableMarkdown(EXPLANATIONS)` (test/helpers/explanation-table.ts) prints the table to paste.
      assert.deepEqual(doc.rows, EXPLANATIONS.map(explanationRow));
    });
  });
});

describe('explainCode', () => {
  it('finds a code by number and by string alike', () => {
    const [byNumber] = explainCode(95107);
    assert.equal(byNumber.family, 'push-install');
    assert.match(byNumber.summary, /credentials/);
    assert.deepEqual(explainCode('95107'), [byNumber]);
    assert.deepEqual(explainCode(' 99 '), explainCode(99));
    assert.equal(explainCode(99)[0].summary, 'prerequisites not met');
  });

  it('returns every family of an ambiguous code, the installer first, or one family when asked', () => {
    assert.deepEqual(explainCode(0).map((e) => e.family), ['installer', 'configurator']);
    assert.deepEqual(explainCode('0', 'configurator').map((e) => e.family), ['configurator']);
    assert.deepEqual(explainCode(14, 'installer'), []);
  });

  it('knows nothing of unknown codes and of text that is no code', () => {
    for (const code of [12345, -1, 1.5, '', 'abc', '0x63', '99a']) assert.deepEqual(explainCode(code), [], String(code));
  });
});

describe('explainExit (what a job records)', () => {
  it('reads a code in the family of the program that exited', () => {
    assert.equal(familyOfProgram('install'), 'installer');
    assert.equal(familyOfProgram('UnifiedAgent.exe'), 'installer');
    assert.equal(familyOfProgram('UnifiedAgentConfigurator.sh'), 'configurator');
    assert.equal(familyOfProgram('UnifiedAgentConfigurator.exe'), 'configurator');
    assert.equal(familyOfProgram('InMageVSSProvider_Install.cmd'), 'vss');
    assert.equal(explainExit('install', 99).summary, 'prerequisites not met');
    assert.equal(explainExit('UnifiedAgentConfigurator.sh', 14).summary, 'the configuration server rejected the passphrase');
    assert.equal(explainExit('UnifiedAgent.exe', 98).verdict, 'warning');
  });

  it('calls an undocumented code a failure, says it is not documented and where to look', () => {
    const installer = explainExit('install', 1);
    assert.equal(installer.summary, 'failed with exit code 1 (not a documented installer code)');
    assert.equal(installer.verdict, 'failure');
    assert.equal(installer.documented, false);
    assert.match(installer.meaning, /not documented publicly/);
    assert.match(installer.remedy, /mobilityctl logs installer/);
    const configurator = explainExit('UnifiedAgentConfigurator.sh', 98);
    assert.equal(configurator.verdict, 'failure', 'the installer-only 98 is no warning from the configurator');
    assert.match(configurator.remedy, /mobilityctl logs configurator/);
  });
});

describe('contract/explanations stays pure data', () => {
  it('imports no Node API, so clients and the extension can bundle it', () => {
    const dir = path.join(REPO_ROOT, 'contract', 'explanations');
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /from '(node:|fs|path|os|child_process)/, `${file} imports a Node API`);
      assert.doesNotMatch(text, /from '\.\.\/\.\.\/(server|cli|client|extension)\//, `${file} imports beyond the contract`);
    }
  });
});
